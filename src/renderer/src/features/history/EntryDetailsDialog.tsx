import { useEffect, useRef } from 'react';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { entryDetails, type DetailItem } from './entry-details';
import { kindLabel, type EntryContext, type HistoryEntry } from './entry-read';

interface Props {
  /** The entry to show; null when the dialog is closed. */
  entry: HistoryEntry | null;
  ctx: EntryContext;
  onClose: () => void;
}

const TONE: Record<string, BadgeTone> = { block: 'danger', warn: 'warning', info: 'neutral' };

function Item({ item }: { item: DetailItem }) {
  switch (item.type) {
    case 'text':
      return (
        <div className="entry-details__row">
          <dt>{item.label}</dt>
          <dd className={item.mono ? 'entry-details__mono' : undefined}>{item.value}</dd>
        </div>
      );
    case 'list':
      return (
        <div className="entry-details__row">
          <dt>{item.label}</dt>
          <dd>
            <ul className="entry-details__list">
              {item.items.map((text, i) => (
                <li key={i}>{text}</li>
              ))}
            </ul>
          </dd>
        </div>
      );
    case 'note':
      return <p className="entry-details__note">{item.text}</p>;
    case 'findings':
      return (
        <ul className="entry-details__list">
          {item.items.map((f, i) => (
            <li key={i} className="entry-details__finding">
              <Badge tone={TONE[f.severity] ?? 'neutral'}>{f.severityLabel}</Badge> {f.label}
              {f.concerns ? <span className="muted"> · {f.concerns}</span> : null}
            </li>
          ))}
        </ul>
      );
    case 'acknowledged':
      return (
        <ul className="entry-details__list">
          {item.items.map((a, i) => (
            <li key={i}>
              <strong>{a.label}</strong>
              <br />
              <span>{a.reason}</span>
            </li>
          ))}
        </ul>
      );
  }
}

/**
 * One entry's details in a modal dialog (the browser's `<dialog>`: focus stays inside, Escape closes): readable
 * sections, never the raw JSON alone. Focus starts on the heading so a screen reader reads from the top.
 */
export function EntryDetailsDialog({ entry, ctx, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (entry && !d.open) {
      d.showModal();
      heading.current?.focus();
    } else if (!entry && d.open) d.close();
  }, [entry]);

  const L = ctx.t.details;
  return (
    <dialog
      ref={dialog}
      className="dialog entry-details"
      aria-labelledby="entry-details-heading"
      onClose={onClose}
    >
      {entry ? (
        <>
          <h2 id="entry-details-heading" className="dialog__heading" ref={heading} tabIndex={-1}>
            {kindLabel(ctx.t, entry.kind)}
          </h2>
          {entryDetails(entry, ctx).map((section) => (
            <section
              key={section.id}
              className="entry-details__section"
              aria-labelledby={`entry-details-${section.id}`}
              data-section={section.id}
            >
              <h3 id={`entry-details-${section.id}`} className="entry-details__heading">
                {section.heading}
              </h3>
              {section.items.some((i) => i.type === 'text' || i.type === 'list') ? (
                <dl className="entry-details__facts">
                  {section.items
                    .filter((i) => i.type === 'text' || i.type === 'list')
                    .map((item, i) => (
                      <Item key={i} item={item} />
                    ))}
                </dl>
              ) : null}
              {section.items
                .filter((i) => i.type !== 'text' && i.type !== 'list')
                .map((item, i) => (
                  <Item key={i} item={item} />
                ))}
            </section>
          ))}
          <div className="button-row entry-details__actions">
            <button type="button" className="button" onClick={onClose}>
              {L.close}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
