import { useEffect, useRef } from 'react';
import type { OutboxItemView, OutboxState } from '../../../../shared/domain/outbox';
import type { AppErrorData } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from './format-time';
import { ItemState } from './ItemState';
import { useCountdown } from './use-countdown';
import type { Submitted } from './use-submission';

interface Props {
  submission: Submitted;
  undo: { busy: boolean; refusals: string[]; error: AppErrorData | null };
  onUndo: () => Promise<void>;
  onNewDocument: () => void;
}

/** States a person can still cancel from (the backend decides; this only decides whether to offer the button). */
const CANCELLABLE: ReadonlySet<OutboxState> = new Set<OutboxState>([
  'draft',
  'awaiting_approval',
  'approved',
  'queued',
  'failed_retryable',
]);
/** While any row is here, the caseworker waits for the send (or undoes it) before starting the next document. */
const IN_FLIGHT: ReadonlySet<OutboxState> = new Set<OutboxState>(['draft', 'queued', 'sending']);

type Phase = 'countdown' | 'sending' | 'approval' | 'sent' | 'cancelled' | 'mixed';

function phaseOf(items: readonly OutboxItemView[], secondsLeft: number): Phase {
  const states = items.map((i) => i.entry.state);
  const all = (s: OutboxState) => states.every((x) => x === s);
  if (states.includes('queued') && secondsLeft > 0) return 'countdown';
  if (states.some((s) => s === 'queued' || s === 'sending' || s === 'draft')) return 'sending';
  if (all('awaiting_approval')) return 'approval';
  if (all('sent')) return 'sent';
  if (all('cancelled')) return 'cancelled';
  return 'mixed';
}

/** After submit: the countdown with "Fortryd", then the receipt, or what happened instead, per recipient. */
export function SubmissionStatus({ submission, undo, onUndo, onNewDocument }: Props) {
  const t = useMessages().send.submission;
  const seconds = useCountdown(submission.deadline);
  const { items } = submission;
  const phase = phaseOf(items, seconds);
  const heading = useRef<HTMLHeadingElement>(null);

  // Focus follows the send button, which is gone: to this panel, and again when the outcome is known.
  const outcomeKnown = phase === 'sent' || phase === 'cancelled';
  useEffect(() => {
    heading.current?.focus();
  }, [outcomeKnown]);

  const canUndo = items.some((i) => CANCELLABLE.has(i.entry.state));
  const inFlight = items.some((i) => IN_FLIGHT.has(i.entry.state));

  return (
    <section className={`submission submission--${phase}`} aria-labelledby="submission-heading">
      <h3 id="submission-heading" className="submission__heading" ref={heading} tabIndex={-1}>
        {t.heading[phase]}
      </h3>
      <p role="status" className="submission__status">
        {t.status[phase]}
      </p>
      {phase === 'countdown' ? (
        <p className="submission__countdown" role="timer" aria-live="off" data-testid="countdown">
          {t.countdown(seconds)}
        </p>
      ) : null}
      {undo.error ? <ErrorAlert error={undo.error} /> : null}
      {undo.refusals.map((r) => (
        <p key={r} className="field-error">
          {r}
        </p>
      ))}
      <ul className="submission__items" aria-label={t.itemsLabel}>
        {items.map((item) => (
          <li key={item.id} className={`submission__item submission__item--${item.entry.state}`}>
            <p className="submission__name">
              {item.recipient.name ?? item.recipient.partyId}{' '}
              <span className="muted">· {t.channel[item.channel]}</span>
            </p>
            <ItemState item={item} />
            {item.entry.receipt ? (
              <dl className="receipt">
                <div>
                  <dt>{t.receivedAt}</dt>
                  <dd>{formatDateTime(item.entry.receipt.receivedAt)}</dd>
                </div>
                {item.entry.receipt.reference ? (
                  <div>
                    <dt>{t.reference}</dt>
                    <dd className="receipt__reference">{item.entry.receipt.reference}</dd>
                  </div>
                ) : null}
                {item.entry.receipt.text && item.entry.receipt.text !== t.heading.sent ? (
                  <div>
                    <dt>{t.receiptText}</dt>
                    <dd>{item.entry.receipt.text}</dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
          </li>
        ))}
      </ul>
      {phase === 'sent' ? <p className="hint">{t.sentMeaning}</p> : null}
      <div className="button-row">
        {canUndo ? (
          <button
            type="button"
            className="button button--undo"
            disabled={undo.busy}
            onClick={() => void onUndo().then(() => heading.current?.focus())}
          >
            {t.undo}
          </button>
        ) : null}
        {!inFlight ? (
          <button type="button" className="button button--secondary" onClick={onNewDocument}>
            {t.newDocument}
          </button>
        ) : null}
      </div>
    </section>
  );
}
