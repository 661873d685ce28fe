import { hrefFor } from '../../routing';
import { entrySummary } from './entry-summary';
import { kindLabel, type EntryContext, type HistoryEntry } from './entry-read';

interface Props {
  entries: readonly HistoryEntry[];
  ctx: EntryContext;
  busy: boolean;
  onDetails: (entry: HistoryEntry, opener: HTMLButtonElement) => void;
}

/** The id of a row's details button, so focus can go to the first row of a page that was fetched. */
export const detailsButtonId = (seq: number) => `history-details-${seq}`;

/** The entries newest first: when, what, which case, who, and one line about it; the details one click away. */
export function HistoryTable({ entries, ctx, busy, onDetails }: Props) {
  const R = ctx.t.results;
  return (
    <div className="table-frame">
      <table className="data-table history-table" aria-busy={busy}>
        <caption className="visually-hidden">{R.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{R.columns.at}</th>
            <th scope="col">{R.columns.kind}</th>
            <th scope="col">{R.columns.case}</th>
            <th scope="col">{R.columns.actor}</th>
            <th scope="col">{R.columns.summary}</th>
            <th scope="col">
              <span className="visually-hidden">{R.detailsColumn}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-seq={e.seq} data-kind={e.kind}>
              <td className="history-table__at">
                <span className="date">{ctx.dateTime(e.at)}</span>
                <span className="history-table__seq muted">{R.row(e.seq)}</span>
              </td>
              <th scope="row" className="history-table__kind">
                {kindLabel(ctx.t, e.kind)}
              </th>
              <td className="case-number">
                {e.caseNumber ? (
                  <a href={hrefFor({ name: 'case', caseNumber: e.caseNumber })}>{e.caseNumber}</a>
                ) : (
                  <span aria-hidden="true">{R.noCase}</span>
                )}
              </td>
              <td>{e.actor}</td>
              <td className="history-table__summary">{entrySummary(e, ctx)}</td>
              <td>
                <button
                  type="button"
                  id={detailsButtonId(e.seq)}
                  className="button button--secondary button--small"
                  aria-label={R.detailsFor(e.seq)}
                  onClick={(ev) => onDetails(e, ev.currentTarget)}
                >
                  {R.details}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
