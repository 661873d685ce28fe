import type { OutboxItemView } from '../../../../shared/domain/outbox';
import { useMessages } from '../../i18n';
import { formatTime } from './format-time';

/** One recipient's send in plain Danish: what happened, and what (if anything) the caseworker should do. */
export function ItemState({ item }: { item: OutboxItemView }) {
  const t = useMessages().send.itemState;
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
        <strong>{item.stateLabel}.</strong> {text}
      </p>
      {entry.lastError && entry.state !== 'sent' ? (
        <p className="item-state__error">{t.connectorSaid(entry.lastError.message)}</p>
      ) : null}
    </div>
  );
}
