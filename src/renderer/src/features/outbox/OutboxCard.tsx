import type { OutboxItemView } from '../../../../shared/domain/outbox';
import type { AppErrorData } from '../../../../shared/result';
import { useLanguage, useMessages } from '../../i18n';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { useSession } from '../auth/session-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatTime } from '../send/format-time';
import { actionsFor, groupOf, type OutboxAction } from './outbox-groups';

/** Server errors a send may use up before it waits for a person (shared/domain/outbox.ts, OUTBOX_MAX_ATTEMPTS). */
const MAX_ATTEMPTS = 8;

export type CardFeedback =
  { kind: 'done'; text: string } | { kind: 'refused'; text: string } | { kind: 'error'; error: AppErrorData };

interface Props {
  item: OutboxItemView;
  typeLabel: string | null;
  /** The backend's clock now (this window's clock plus the measured difference). */
  backendNow: number;
  busy: boolean;
  feedback: CardFeedback | undefined;
  onAction: (item: OutboxItemView, action: OutboxAction) => void;
  /** "Anmod om godkendelse igen" on a send waiting for approval (approvals:request with its draft). */
  onRequestAgain: (item: OutboxItemView) => void;
}

const TONES: Record<ReturnType<typeof groupOf>, BadgeTone> = {
  attention: 'danger',
  waiting: 'info',
  sent: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
};

/** Whole seconds, with seconds shown: "10.15.42" for times close at hand. */
function clock(iso: string): string {
  return formatDateTime(iso).replace(/^.* kl\. /, '');
}

/** One send: what it is, to whom, what has happened in plain Danish, and what a person can do about it. */
export function OutboxCard({ item, typeLabel, backendNow, busy, feedback, onAction, onRequestAgain }: Props) {
  const m = useMessages();
  const t = m.outbox;
  // The backend words the state in Danish (as the CLI does); another language words it by state.
  const stateLabel = useLanguage().language === 'da' ? item.stateLabel : m.history.states[item.entry.state];
  const { entry } = item;
  // In the fixed mode (no users) there is nobody else to ask: the one identity resolves, as before.
  const { user } = useSession();
  const canResolve = user === null || user.role === 'supervisor';
  const actions = actionsFor(item, canResolve);
  const supervisorDecides = entry.state === 'unknown' && entry.needsAttention && !canResolve;
  // Asking again is the caseworker's (or a supervisor's own send's); the backend refuses an admin.
  const canRequestAgain =
    entry.state === 'awaiting_approval' && (user?.role === 'caseworker' || user?.role === 'supervisor');
  const recipientName = item.recipient.name ?? item.recipient.partyId;
  const headingId = `outbox-item-${item.id}-heading`;

  return (
    <li className={`outbox-card outbox-card--${groupOf(item)}`}>
      <article
        className="outbox-card__body"
        id={`outbox-item-${item.id}`}
        tabIndex={-1}
        aria-labelledby={headingId}
        data-state={entry.state}
        data-testid="outbox-item"
      >
        <div className="outbox-card__top">
          <h4 className="outbox-card__title" id={headingId}>
            {item.fileName}
            <span className="visually-hidden"> – {recipientName}</span>
          </h4>
          <Badge tone={TONES[groupOf(item)]}>{stateLabel}</Badge>
        </div>
        <dl className="outbox-card__facts">
          <div>
            <dt>{t.item.to}</dt>
            <dd>
              {item.recipient.name ?? t.item.removedParty(item.recipient.partyId)}{' '}
              <span className="muted">· {t.item.channel[item.channel]}</span>
            </dd>
          </div>
          <div>
            <dt>{t.item.case}</dt>
            <dd className="case-number">{item.caseNumber ?? t.item.noCase}</dd>
          </div>
          {typeLabel ? (
            <div>
              <dt>{t.item.type}</dt>
              <dd>{typeLabel}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t.item.created}</dt>
            <dd>{formatDateTime(item.createdAt)}</dd>
          </div>
        </dl>
        <StateText item={item} backendNow={backendNow} />
        {entry.state === 'unknown' && entry.needsAttention ? (
          <p className="outbox-card__uuid">
            {t.item.messageId}: <code>{entry.messageUUID}</code>
          </p>
        ) : null}
        {supervisorDecides ? (
          <p className="outbox-card__supervisor" data-testid="supervisor-decides">
            {t.actions.supervisorDecides}
          </p>
        ) : null}
        {feedback?.kind === 'done' ? (
          <p className="outbox-card__done" role="status">
            {feedback.text}
          </p>
        ) : null}
        {feedback?.kind === 'refused' ? (
          <p className="field-error" role="alert">
            {t.actions.refused(feedback.text)}
          </p>
        ) : null}
        {feedback?.kind === 'error' ? <ErrorAlert error={feedback.error} /> : null}
        {actions.length > 0 || canRequestAgain ? (
          <div className="button-row">
            {canRequestAgain ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                data-testid="request-again"
                onClick={() => onRequestAgain(item)}
              >
                {busy ? (
                  t.actions.busy
                ) : (
                  <>
                    {t.actions.requestAgain}
                    <span className="visually-hidden">
                      {t.actions.requestAgainFor(item.fileName, recipientName)}
                    </span>
                  </>
                )}
              </button>
            ) : null}
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={`button${action === 'cancel' ? ' button--secondary' : ''}${action === 'undo' ? ' button--undo' : ''}`}
                disabled={busy}
                aria-describedby={headingId}
                onClick={() => onAction(item, action)}
              >
                {busy ? t.actions.busy : actionLabel(t.actions, action)}
              </button>
            ))}
          </div>
        ) : null}
      </article>
    </li>
  );
}

function actionLabel(t: ReturnType<typeof useMessages>['outbox']['actions'], action: OutboxAction): string {
  switch (action) {
    case 'undo':
      return t.undo;
    case 'cancel':
      return t.cancel;
    case 'retry':
      return t.retry;
    case 'delivered':
      return t.confirmDelivered;
    case 'resend':
      return t.resend;
  }
}

function StateText({ item, backendNow }: { item: OutboxItemView; backendNow: number }) {
  const t = useMessages().outbox.state;
  const { entry } = item;
  const lines: string[] = [];
  switch (entry.state) {
    case 'queued':
      if (entry.lastError?.kind === 'offline') {
        lines.push(t.offline, t.reason(entry.lastError.message));
        if (entry.sendAfter) lines.push(t.offlineNext(clock(entry.sendAfter)));
      } else if (entry.sendAfter) {
        const left = Math.ceil((Date.parse(entry.sendAfter) - backendNow) / 1000);
        lines.push(left > 0 ? t.queuedCountdown(left) : t.queuedDue);
        if (entry.lastError) lines.push(t.lastError(entry.lastError.message));
      }
      break;
    case 'sending':
      lines.push(t.sending);
      break;
    case 'draft':
      lines.push(t.draft);
      break;
    case 'awaiting_approval':
      lines.push(t.awaitingApproval);
      break;
    case 'approved':
      lines.push(t.approved);
      break;
    case 'failed_retryable':
      lines.push(
        entry.needsAttention
          ? t.retriesUsedUp(MAX_ATTEMPTS)
          : t.retrying(
              entry.nextAttemptAt ? formatTime(entry.nextAttemptAt) : null,
              entry.attempts,
              MAX_ATTEMPTS,
            ),
      );
      if (entry.lastError) lines.push(t.lastError(entry.lastError.message));
      break;
    case 'unknown':
      // The interruption's own message says a look-up is under way, which is not true once a person must decide.
      lines.push(entry.needsAttention ? t.unknownNeedsPerson : t.lookingUp);
      if (entry.lastError && !entry.needsAttention) lines.push(t.lastError(entry.lastError.message));
      break;
    case 'failed_permanent':
      lines.push(t.rejected(entry.lastError?.message ?? null));
      break;
    case 'cancelled':
      lines.push(t.cancelled);
      break;
    case 'sent':
      break;
  }
  return (
    <div className="outbox-card__state">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {entry.state === 'sent' ? (
        <dl className="receipt">
          <div>
            <dt>{t.receivedAt}</dt>
            <dd>
              {entry.receipt ? formatDateTime(entry.receipt.receivedAt) : formatDateTime(item.updatedAt)}
            </dd>
          </div>
          {entry.receipt?.reference ? (
            <div>
              <dt>{t.reference}</dt>
              <dd className="receipt__reference">{entry.receipt.reference}</dd>
            </div>
          ) : null}
          {entry.receipt?.text ? (
            <div>
              <dt>{t.receiptText}</dt>
              <dd>{entry.receipt.text}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}
