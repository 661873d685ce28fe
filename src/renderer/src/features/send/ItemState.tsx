import type { OutboxItemView } from '../../../../shared/domain/outbox';
import { useLanguage, useMessages } from '../../i18n';
import { formatTime } from './format-time';

/** One recipient's send in plain Danish: what happened, and what (if anything) the caseworker should do. */
export function ItemState({ item }: { item: OutboxItemView }) {
  const m = useMessages();
  const t = m.send.itemState;
  // The backend words the state in Danish (as the CLI does); another language words it by state.
  const label = useLanguage().language === 'da' ? item.stateLabel : m.history.states[item.entry.state];
  const { entry } = item;
  let text: string;
  switch (entry.state) {
    case 'failed_retryable':
      text = entry.needsAttention
        ? t.retriesUsedUp
        : t.retrying(entry.nextAttemptAt ? formatTime(entry.nextAttemptAt) : null);
      break;
    case 'unknown':
      text = entry.needsAttention ? t.unknownNeedsPerson : t.unknown;
      break;
    default:
      text = t.byState[entry.state];
  }
  return (
    <div className="item-state" data-state={entry.state}>
      <p className="item-state__text">
        <strong>{label}.</strong> {text}
      </p>
      {entry.lastError && entry.state !== 'sent' ? (
        <p className="item-state__error">{t.connectorSaid(entry.lastError.message)}</p>
      ) : null}
    </div>
  );
}
