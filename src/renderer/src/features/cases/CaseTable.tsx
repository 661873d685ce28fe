import type { OutputOf } from '../../../../shared/contract';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { formatDate } from './format';

type CaseSummary = OutputOf<'listCases'>['cases'][number];

/** The list deliberately shows no CPR numbers: they appear only inside a case, where viewing is logged. */
export function CaseTable({ cases, busy }: { cases: readonly CaseSummary[]; busy: boolean }) {
  const t = useMessages();
  const col = t.caseList.columns;
  return (
    <div className="table-frame">
      <table className="data-table case-table" aria-busy={busy}>
        <caption className="visually-hidden">{t.caseList.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{col.caseNumber}</th>
            <th scope="col">{col.title}</th>
            <th scope="col">{col.area}</th>
            <th scope="col">{col.subject}</th>
            <th scope="col" className="num">
              {col.parties}
            </th>
            <th scope="col">{col.asOf}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseNumber}>
              <th scope="row" className="case-number">
                <a href={hrefFor({ name: 'case', caseNumber: c.caseNumber })}>{c.caseNumber}</a>
              </th>
              <td>{c.title}</td>
              <td>{t.areas[c.area]}</td>
              <td>{c.subjectName}</td>
              <td className="num">{c.partyCount}</td>
              <td className="date">{formatDate(c.asOf)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
