import {
  cancellableOutboxStates,
  MAX_SEND_DELAY_MS,
  OUTBOX_MAX_ATTEMPTS,
  outboxEntrySchema,
  type OutboxEntry,
  type OutboxEvent,
  type OutboxEventType,
  type OutboxState,
} from '../../shared/domain/outbox';
import { OFFLINE_RETRY_MS, retryDelayMs } from './backoff';
import { notAllowed, refused, type OutboxRefusal } from './refusals';

/**
 * The outbox state machine (architecture.md, "Sending: exactly once, never lost"; docs/outbox.md). Pure: it is
 * given the entry, the event and the time, and returns the next entry and the effects the backend must carry out,
 * or a refusal that leaves the entry as it was. It never removes an entry and never changes its messageUUID.
 */

export type AuditValue = string | number | boolean | null;

export type OutboxEffect =
  /** Record the change in the history (one per accepted event). */
  | {
      kind: 'audit';
      event: OutboxEventType;
      from: OutboxState;
      to: OutboxState;
      details: Record<string, AuditValue>;
    }
  /** Make the request to the connector, with this UUID. Issued only on entering `sending`. */
  | { kind: 'deliver'; messageUUID: string }
  /** Ask the connector whether it has a message with this UUID. Issued on entering `unknown`. */
  | { kind: 'lookup'; messageUUID: string };

export type TransitionResult =
  { ok: true; entry: OutboxEntry; effects: OutboxEffect[] } | { ok: false; refusal: OutboxRefusal };

/** A new entry, in `draft`. The backend makes the id and the v4 UUID in the transaction that accepts the send. */
export function createOutboxEntry(id: string, messageUUID: string): OutboxEntry {
  return outboxEntrySchema.parse({
    id,
    messageUUID,
    state: 'draft',
    attempts: 0,
    nextAttemptAt: null,
    sendAfter: null,
    needsAttention: false,
    requestStarted: false,
    lastError: null,
    receipt: null,
  });
}

/** The fields that only mean something in one state, cleared on every move so they never go stale. */
const CLEARED = {
  sendAfter: null,
  nextAttemptAt: null,
  needsAttention: false,
  requestStarted: false,
} as const;

function moved(
  entry: OutboxEntry,
  event: OutboxEventType,
  to: OutboxState,
  patch: Partial<Omit<OutboxEntry, 'id' | 'messageUUID' | 'state'>>,
  details: Record<string, AuditValue> = {},
  effects: OutboxEffect[] = [],
): TransitionResult {
  const next: OutboxEntry = { ...entry, ...CLEARED, ...patch, state: to };
  return {
    ok: true,
    entry: next,
    effects: [{ kind: 'audit', event, from: entry.state, to, details }, ...effects],
  };
}

const no = (entry: OutboxEntry, event: OutboxEvent): TransitionResult => ({
  ok: false,
  refusal: notAllowed(entry.state, event.type),
});

const iso = (ms: number): string => new Date(ms).toISOString();
const isDue = (at: string | null, now: number): boolean => at !== null && Date.parse(at) <= now;

function validDelay(delayMs: number): boolean {
  return Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= MAX_SEND_DELAY_MS;
}

function toQueue(entry: OutboxEntry, event: OutboxEvent, delayMs: number, now: number): TransitionResult {
  if (!validDelay(delayMs))
    return {
      ok: false,
      refusal: refused(
        'invalid_event',
        entry.state,
        event.type,
        'Ventetiden før afsendelse skal være mellem 0 sekunder og 1 time.',
      ),
    };
  const sendAfter = iso(now + delayMs);
  return moved(entry, event.type, 'queued', { sendAfter }, { delayMs, sendAfter });
}

function interrupted(entry: OutboxEntry, cause: 'crash' | 'connection_lost', now: number): TransitionResult {
  // A crash between the claim and the request: nothing was written to the connector, so the send simply goes back
  // to the queue, due now, with the same UUID and its attempts as they were.
  if (cause === 'crash' && !entry.requestStarted) {
    const sendAfter = iso(now);
    return moved(entry, 'interrupted', 'queued', { sendAfter }, { cause: 'crash_before_request', sendAfter });
  }
  return toUnknown(entry, cause);
}

function toUnknown(entry: OutboxEntry, cause: 'crash' | 'connection_lost'): TransitionResult {
  const message =
    cause === 'crash'
      ? 'Programmet stoppede under afsendelsen. Det undersøges, om Digital Post modtog forsendelsen.'
      : 'Forbindelsen blev afbrudt under afsendelsen. Det undersøges, om Digital Post modtog forsendelsen.';
  return moved(entry, 'interrupted', 'unknown', { lastError: { kind: 'interrupted', message } }, { cause }, [
    { kind: 'lookup', messageUUID: entry.messageUUID },
  ]);
}

function claim(entry: OutboxEntry, event: OutboxEvent, now: number): TransitionResult {
  const deliver: OutboxEffect[] = [{ kind: 'deliver', messageUUID: entry.messageUUID }];
  if (entry.state === 'queued') {
    if (!isDue(entry.sendAfter, now))
      return {
        ok: false,
        refusal: refused('not_due', entry.state, event.type, 'Ventetiden før afsendelse er ikke udløbet.'),
      };
    return moved(entry, 'claim', 'sending', {}, { attempt: entry.attempts + 1 }, deliver);
  }
  if (entry.state === 'failed_retryable') {
    if (entry.needsAttention)
      return {
        ok: false,
        refusal: refused(
          'not_allowed',
          entry.state,
          event.type,
          'Alle automatiske forsøg er brugt. En medarbejder skal vælge "Prøv igen" eller annullere.',
        ),
      };
    if (!isDue(entry.nextAttemptAt, now))
      return {
        ok: false,
        refusal: refused('not_due', entry.state, event.type, 'Det næste forsøg er ikke planlagt endnu.'),
      };
    return moved(entry, 'claim', 'sending', {}, { attempt: entry.attempts + 1 }, deliver);
  }
  return no(entry, event);
}

function failed(
  entry: OutboxEntry,
  error: Extract<OutboxEvent, { type: 'failed' }>['error'],
  now: number,
): TransitionResult {
  const details = { kind: error.kind, message: error.message };
  const lastError = { kind: error.kind, message: error.message };
  switch (error.kind) {
    case 'rejected':
      return moved(entry, 'failed', 'failed_permanent', { lastError }, details);
    case 'offline': {
      // The request never left: nothing is used up, the message waits in the queue and goes when it can.
      const sendAfter = iso(now + OFFLINE_RETRY_MS);
      return moved(entry, 'failed', 'queued', { lastError, sendAfter }, { ...details, sendAfter });
    }
    case 'server_error': {
      const attempts = Math.min(entry.attempts + 1, OUTBOX_MAX_ATTEMPTS);
      const wait = retryDelayMs(attempts);
      const nextAttemptAt = wait === null ? null : iso(now + wait);
      return moved(
        entry,
        'failed',
        'failed_retryable',
        { lastError, attempts, nextAttemptAt, needsAttention: wait === null },
        { ...details, attempts, nextAttemptAt },
      );
    }
  }
}

/**
 * Applies one event at time `now`. Refusals leave the entry untouched; the caller keeps the entry it had. Time is
 * only read from `now`.
 */
export function transition(entry: OutboxEntry, event: OutboxEvent, now: Date): TransitionResult {
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new RangeError('transition: now is not a valid time');
  const { state } = entry;

  switch (event.type) {
    case 'submit':
      if (state !== 'draft') return no(entry, event);
      if (event.approvalRequired)
        return moved(entry, 'submit', 'awaiting_approval', {}, { approvalRequired: true });
      return toQueue(entry, event, event.delayMs, t);
    case 'approve':
      if (state !== 'awaiting_approval') return no(entry, event);
      return moved(entry, 'approve', 'approved', {}, { by: event.by, requestId: event.requestId });
    case 'reject':
      if (state !== 'awaiting_approval') return no(entry, event);
      return moved(entry, 'reject', 'cancelled', {}, { by: event.by, reason: event.reason });
    case 'void_approval':
      // Also from the queue: at send time the approval is checked once more, and a send it no longer fits goes back
      // to wait for a new one instead of going out (docs/approval.md).
      if (state !== 'approved' && state !== 'queued') return no(entry, event);
      return moved(entry, 'void_approval', 'awaiting_approval', {}, { reason: event.reason });
    case 'enqueue':
      return state === 'approved' ? toQueue(entry, event, event.delayMs, t) : no(entry, event);
    case 'claim':
      return claim(entry, event, t);
    case 'request_started':
      if (state !== 'sending' || entry.requestStarted) return no(entry, event);
      return moved(entry, 'request_started', 'sending', { requestStarted: true });
    case 'delivered':
      if (state !== 'sending') return no(entry, event);
      return moved(
        entry,
        'delivered',
        'sent',
        { receipt: event.receipt, lastError: null },
        {
          reference: event.receipt.reference,
          receivedAt: event.receipt.receivedAt,
          text: event.receipt.text,
        },
      );
    case 'failed':
      return state === 'sending' ? failed(entry, event.error, t) : no(entry, event);
    case 'interrupted':
      return state === 'sending' ? interrupted(entry, event.cause, t) : no(entry, event);
    case 'lookup_delivered':
      if (state !== 'unknown' || entry.needsAttention) return no(entry, event);
      return moved(
        entry,
        'lookup_delivered',
        'sent',
        { receipt: event.receipt, lastError: null },
        {
          reference: event.receipt.reference,
          receivedAt: event.receipt.receivedAt,
          text: event.receipt.text,
        },
      );
    case 'lookup_not_received':
      // Safe to send again: the connector says it never got this UUID, and the same UUID goes again.
      if (state !== 'unknown' || entry.needsAttention) return no(entry, event);
      return moved(entry, 'lookup_not_received', 'queued', { sendAfter: iso(t) }, { sendAfter: iso(t) });
    case 'lookup_unavailable':
      if (state !== 'unknown' || entry.needsAttention) return no(entry, event);
      return moved(
        entry,
        'lookup_unavailable',
        'unknown',
        { needsAttention: true },
        { message: event.message },
      );
    case 'resolve_delivered':
    case 'resolve_resend': {
      if (state !== 'unknown') return no(entry, event);
      // While a look-up is still possible its answer decides: a person guessing could send twice.
      if (!entry.needsAttention)
        return {
          ok: false,
          refusal: refused(
            'not_allowed',
            state,
            event.type,
            'Status slås stadig op hos Digital Post. Vent på svaret, før du afgør sagen.',
          ),
        };
      const details = { by: event.by, reason: event.reason };
      return event.type === 'resolve_delivered'
        ? moved(entry, event.type, 'sent', { lastError: null }, details)
        : moved(entry, event.type, 'queued', { sendAfter: iso(t) }, { ...details, sendAfter: iso(t) });
    }
    case 'retry':
      if (state !== 'failed_retryable') return no(entry, event);
      if (!entry.needsAttention)
        return {
          ok: false,
          refusal: refused('not_allowed', state, event.type, 'Forsendelsen prøves allerede igen automatisk.'),
        };
      return moved(
        entry,
        'retry',
        'failed_retryable',
        { attempts: 0, nextAttemptAt: iso(t) },
        { by: event.by, reason: event.reason, previousAttempts: entry.attempts },
      );
    case 'cancel':
      if (!cancellableOutboxStates.includes(state)) return no(entry, event);
      return moved(entry, 'cancel', 'cancelled', {}, { by: event.by, reason: event.reason });
  }
}

/**
 * Start-up recovery: an entry found in `sending` was cut off. Before its request was started it goes back to the
 * queue (due `now`); after, it becomes `unknown` and is looked up. Other entries stay as they are.
 */
export function recoverAfterCrash(
  entry: OutboxEntry,
  now: Date,
): { entry: OutboxEntry; effects: OutboxEffect[] } {
  if (entry.state !== 'sending') return { entry, effects: [] };
  const result = interrupted(entry, 'crash', now.getTime());
  if (!result.ok) throw new Error('unreachable: sending always moves on after a crash');
  return { entry: result.entry, effects: result.effects };
}
