import { z } from 'zod';

/**
 * The outbox's vocabulary (architecture.md, "Sending: exactly once, never lost"): its states, the events that move
 * an entry between them, and the entry as it crosses to the window. The rules live in src/core/outbox/; the backend
 * stores the entries and carries out the effects the rules ask for. Everything here is JSON-safe: times are ISO
 * strings in UTC ending in `Z`.
 */

export const outboxStates = [
  'draft',
  'awaiting_approval',
  'approved',
  'queued',
  'sending',
  'sent',
  'failed_retryable',
  'failed_permanent',
  'unknown',
  'cancelled',
] as const;
export type OutboxState = (typeof outboxStates)[number];

/** States no event leaves. Nothing is ever removed: an entry in one of these stays as the record of what happened. */
export const terminalOutboxStates: readonly OutboxState[] = ['sent', 'failed_permanent', 'cancelled'];

/** States `cancel` is allowed from: everything before `sending`, and a retry waiting for its turn. */
export const cancellableOutboxStates: readonly OutboxState[] = [
  'draft',
  'awaiting_approval',
  'approved',
  'queued',
  'failed_retryable',
];

/** What a caseworker sees for each state. */
export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  draft: 'Kladde',
  awaiting_approval: 'Afventer godkendelse',
  approved: 'Godkendt',
  queued: 'Venter på afsendelse',
  sending: 'Sendes',
  sent: 'Sendt',
  failed_retryable: 'Fejlede – prøves igen',
  failed_permanent: 'Afvist af Digital Post',
  unknown: 'Uvist om modtaget',
  cancelled: 'Annulleret',
};

/** Server errors (5xx) a message may use up before it stops and waits for a person. Offline never counts. */
export const OUTBOX_MAX_ATTEMPTS = 8;
/** The send delay (the window in which a queued message can be cancelled) when settings say nothing else. */
export const DEFAULT_SEND_DELAY_MS = 30_000;
/** A longer delay is taken for a units mistake (seconds given as minutes, say) and refused. */
export const MAX_SEND_DELAY_MS = 60 * 60_000;

/**
 * Why the last attempt did not end `sent`. `offline`: the request never left (connection refused, no DNS).
 * `server_error`: a 5xx. `rejected`: a 4xx. `interrupted`: the request may have arrived but no answer did (a
 * crash, a dropped connection).
 */
export const outboxErrorKinds = ['offline', 'server_error', 'rejected', 'interrupted'] as const;
export type OutboxErrorKind = (typeof outboxErrorKinds)[number];

const isoDateTime = z.iso.datetime();

export const outboxErrorSchema = z.strictObject({
  kind: z.enum(outboxErrorKinds),
  /** For people; never a CPR number, a name or document text. */
  message: z.string().max(500),
});

/** What the connector answered when it accepted a message, or what a look-up by UUID found. */
export const outboxReceiptSchema = z.strictObject({
  /** The connector's own reference (a transaction id, a file name), when it gives one. */
  reference: z.string().max(200).nullable(),
  receivedAt: isoDateTime,
  /** The connector's words, e.g. "Fysisk Post" for a physical send. */
  text: z.string().max(500).nullable(),
});

/** The invariants of an entry that the types alone do not carry. Empty when the entry is sound. */
export function outboxEntryProblems(e: OutboxEntry): string[] {
  const problems: string[] = [];
  if ((e.state === 'queued') !== (e.sendAfter !== null))
    problems.push('sendAfter is set exactly when queued');
  const waiting = e.state === 'failed_retryable' && !e.needsAttention;
  if (waiting !== (e.nextAttemptAt !== null))
    problems.push('nextAttemptAt is set exactly when failed_retryable and not waiting for a person');
  if (e.needsAttention && e.state !== 'failed_retryable' && e.state !== 'unknown')
    problems.push('only failed_retryable and unknown can need attention');
  if (e.state === 'failed_retryable' && e.needsAttention !== e.attempts >= OUTBOX_MAX_ATTEMPTS)
    problems.push('a failed_retryable entry needs attention exactly when its attempts are used up');
  if (e.receipt !== null && e.state !== 'sent') problems.push('only a sent entry has a receipt');
  if (e.requestStarted && e.state !== 'sending')
    problems.push('only a sending entry has its request started');
  return problems;
}

const outboxEntryShape = z.strictObject({
  id: z.string().min(1).max(64),
  /** The MeMo messageUUID (v4): fixed when the entry is created and sent unchanged on every attempt. */
  messageUUID: z.uuid({ version: 'v4' }),
  state: z.enum(outboxStates),
  /** Server errors used up so far (offline does not count). */
  attempts: z.number().int().min(0).max(OUTBOX_MAX_ATTEMPTS),
  /** When an automatic retry is due; null when none is scheduled. */
  nextAttemptAt: isoDateTime.nullable(),
  /** When a queued message may go: the end of the delay window. */
  sendAfter: isoDateTime.nullable(),
  /** True when the machine has stopped and a person must decide (retries used up; status unknown, no look-up). */
  needsAttention: z.boolean(),
  /**
   * `sending` only: committed just before the request is written. A row found in `sending` without it was never
   * sent (the crash came between the claim and the request) and goes back to the queue; with it, the request may
   * have arrived and the row becomes `unknown`. Absent in entries stored before it existed: false.
   */
  requestStarted: z.boolean().default(false),
  lastError: outboxErrorSchema.nullable(),
  receipt: outboxReceiptSchema.nullable(),
});

export type OutboxEntry = z.output<typeof outboxEntryShape>;

/** An entry as it crosses to the window: its fields and the invariants between them. */
export const outboxEntrySchema = outboxEntryShape.superRefine((entry, ctx) => {
  for (const message of outboxEntryProblems(entry)) ctx.addIssue({ code: 'custom', message });
});
export type OutboxError = z.output<typeof outboxErrorSchema>;
export type OutboxReceipt = z.output<typeof outboxReceiptSchema>;

/** A person's decision: who made it (the `CurrentUser` id) and why, both recorded in the history. */
const personSchema = { by: z.string().min(1).max(128), reason: z.string().min(1).max(500) };

/**
 * Everything that can happen to an entry. The backend turns connector answers and people's actions into these;
 * the window may send only the person events (`cancel`, `retry`, `resolve_*`), and the backend re-checks them.
 */
export const outboxEventSchema = z.discriminatedUnion('type', [
  /** The send is accepted: into the queue, or to a manager first when the type or the findings need approval. */
  z.strictObject({
    type: z.literal('submit'),
    approvalRequired: z.boolean(),
    delayMs: z.number().int().min(0).max(MAX_SEND_DELAY_MS),
  }),
  /** A supervisor's signed approval was verified for this send (docs/approval.md). */
  z.strictObject({ type: z.literal('approve'), by: z.string().min(1).max(128), requestId: z.uuid() }),
  /** A supervisor rejected the request: the send never goes (a rejected request cannot be sent). */
  z.strictObject({ type: z.literal('reject'), ...personSchema }),
  /**
   * The approval no longer fits (the document, recipients, channels, type or findings changed, or it expired) or
   * its signature does not hold: the send waits for a new approval.
   */
  z.strictObject({ type: z.literal('void_approval'), reason: z.string().min(1).max(500) }),
  /** An approved send goes into the queue. */
  z.strictObject({ type: z.literal('enqueue'), delayMs: z.number().int().min(0).max(MAX_SEND_DELAY_MS) }),
  /** The worker takes a due entry and is about to make the request. */
  z.strictObject({ type: z.literal('claim') }),
  /** The request is about to be written: from here on a crash leaves the entry `unknown`. */
  z.strictObject({ type: z.literal('request_started') }),
  /** The connector accepted the message. */
  z.strictObject({ type: z.literal('delivered'), receipt: outboxReceiptSchema }),
  /** The connector answered no (4xx, 5xx) or could not be reached (offline). */
  z.strictObject({
    type: z.literal('failed'),
    error: z.strictObject({
      kind: z.enum(['offline', 'server_error', 'rejected']),
      message: z.string().max(500),
    }),
  }),
  /**
   * Cut off in `sending`: a crash (found at start-up) or a dropped connection. Before the request was started it goes
   * back to the queue; after, it may have arrived and becomes `unknown`.
   */
  z.strictObject({ type: z.literal('interrupted'), cause: z.enum(['crash', 'connection_lost']) }),
  /** A look-up by UUID found the message at the connector. */
  z.strictObject({ type: z.literal('lookup_delivered'), receipt: outboxReceiptSchema }),
  /** A look-up by UUID says the connector never received it: sending again with the same UUID is safe. */
  z.strictObject({ type: z.literal('lookup_not_received') }),
  /**
   * The connector cannot look up by UUID: a person must resolve it. A look-up that failed because the connector
   * could not be reached is not this: the backend simply asks again later.
   */
  z.strictObject({ type: z.literal('lookup_unavailable'), message: z.string().max(500) }),
  z.strictObject({ type: z.literal('resolve_delivered'), ...personSchema }),
  z.strictObject({ type: z.literal('resolve_resend'), ...personSchema }),
  /** A person gives a message whose retries are used up a new round of them. */
  z.strictObject({ type: z.literal('retry'), ...personSchema }),
  z.strictObject({ type: z.literal('cancel'), by: z.string().min(1).max(128), reason: z.string().max(500) }),
]);

export type OutboxEvent = z.output<typeof outboxEventSchema>;
export type OutboxEventType = OutboxEvent['type'];

export const outboxEventTypes = [
  'submit',
  'approve',
  'reject',
  'void_approval',
  'enqueue',
  'claim',
  'request_started',
  'delivered',
  'failed',
  'interrupted',
  'lookup_delivered',
  'lookup_not_received',
  'lookup_unavailable',
  'resolve_delivered',
  'resolve_resend',
  'retry',
  'cancel',
] as const satisfies readonly OutboxEventType[];

/** The most rows `outbox:list` returns: all sends under way, then the newest finished ones. */
export const OUTBOX_LIST_MAX = 1000;

/** A send as the window lists it: the entry, and what a caseworker recognises it by. */
export const outboxItemSchema = z.strictObject({
  id: z.string().min(1).max(64),
  draftId: z.uuid(),
  caseNumber: z.string().max(64).nullable(),
  fileName: z.string().max(255),
  documentType: z.string().max(64).nullable(),
  recipient: z.strictObject({
    partyId: z.string().max(64),
    /** From the case; null when the case no longer has the party. */
    name: z.string().max(200).nullable(),
  }),
  channel: z.enum(['digital', 'physical', 'auto']),
  entry: outboxEntrySchema,
  /** `OUTBOX_STATE_LABELS[entry.state]`. */
  stateLabel: z.string().max(100),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type OutboxItemView = z.output<typeof outboxItemSchema>;

/** The answer to a person's action on a send: the row as it is now, and the reason when it was refused. */
export const outboxActionResultSchema = z.strictObject({
  changed: z.boolean(),
  /** Danish, for the caseworker; null when the action was carried out. */
  refusal: z.string().max(500).nullable(),
  item: outboxItemSchema,
});
