import { expect } from 'vitest';
import { createOutboxEntry, transition, type TransitionResult } from '../../../src/core/outbox';
import {
  OUTBOX_MAX_ATTEMPTS,
  outboxEntrySchema,
  type OutboxEntry,
  type OutboxEvent,
  type OutboxReceipt,
  type OutboxState,
} from '../../../src/shared/domain/outbox';

/** The moment every hand-built entry is judged at. */
export const NOW = new Date('2026-11-28T10:00:00.000Z');
export const UUID = '3f2b8c1e-9a4d-4e7b-8c6f-1d2e3f4a5b6c';
export const later = (ms: number): Date => new Date(NOW.getTime() + ms);
export const isoLater = (ms: number): string => later(ms).toISOString();

export const RECEIPT: OutboxReceipt = {
  reference: 'sandbox-0001',
  receivedAt: '2026-11-28T10:00:01.000Z',
  text: null,
};

/**
 * One sound entry for each situation the table covers: every state, plus the variants that answer events
 * differently (a send whose request has started, a retry waiting for a person, an unknown status whose look-up is
 * impossible).
 */
export const VARIANTS = {
  draft: {},
  awaiting_approval: {},
  approved: {},
  'queued (due)': { sendAfter: isoLater(-1_000) },
  sending: {},
  'sending (request started)': { requestStarted: true },
  sent: { receipt: RECEIPT },
  'failed_retryable (due)': {
    attempts: 2,
    nextAttemptAt: isoLater(-1_000),
    lastError: { kind: 'server_error', message: 'HTTP 503' },
  },
  'failed_retryable (needs attention)': {
    attempts: OUTBOX_MAX_ATTEMPTS,
    needsAttention: true,
    lastError: { kind: 'server_error', message: 'HTTP 503' },
  },
  failed_permanent: { lastError: { kind: 'rejected', message: 'HTTP 400' } },
  'unknown (look-up pending)': { lastError: { kind: 'interrupted', message: 'afbrudt' } },
  'unknown (needs attention)': {
    needsAttention: true,
    lastError: { kind: 'interrupted', message: 'afbrudt' },
  },
  cancelled: {},
} satisfies Record<string, Partial<OutboxEntry>>;
export type Variant = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

export function entryIn(variant: Variant, id = 'entry-1'): OutboxEntry {
  const state = variant.split(' ')[0] as OutboxState;
  return outboxEntrySchema.parse({ ...createOutboxEntry(id, UUID), ...VARIANTS[variant], state });
}

/** One event of each kind, and of each kind of answer. */
export const EVENTS = {
  'submit (approval required)': { type: 'submit', approvalRequired: true, delayMs: 30_000 },
  'submit (no approval)': { type: 'submit', approvalRequired: false, delayMs: 30_000 },
  approve: { type: 'approve', by: 'leder-1', requestId: '7d0e6a52-3c1b-4f0e-9a8b-2c4d6e8f0a1b' },
  reject: { type: 'reject', by: 'leder-1', reason: 'Forkert modtager' },
  void_approval: { type: 'void_approval', reason: 'Sagen er ændret efter godkendelsen' },
  enqueue: { type: 'enqueue', delayMs: 30_000 },
  claim: { type: 'claim' },
  request_started: { type: 'request_started' },
  delivered: { type: 'delivered', receipt: RECEIPT },
  'failed (4xx)': { type: 'failed', error: { kind: 'rejected', message: 'HTTP 400' } },
  'failed (5xx)': { type: 'failed', error: { kind: 'server_error', message: 'HTTP 503' } },
  'failed (offline)': { type: 'failed', error: { kind: 'offline', message: 'ECONNREFUSED' } },
  'interrupted (crash)': { type: 'interrupted', cause: 'crash' },
  'interrupted (connection lost)': { type: 'interrupted', cause: 'connection_lost' },
  lookup_delivered: { type: 'lookup_delivered', receipt: RECEIPT },
  lookup_not_received: { type: 'lookup_not_received' },
  lookup_unavailable: { type: 'lookup_unavailable', message: 'Forbindelsen kan ikke slå op' },
  resolve_delivered: { type: 'resolve_delivered', by: 'leder-1', reason: 'Borger bekræfter modtagelse' },
  resolve_resend: { type: 'resolve_resend', by: 'leder-1', reason: 'Ikke i modtagerens postkasse' },
  retry: { type: 'retry', by: 'leder-1', reason: 'Digital Post virker igen' },
  cancel: { type: 'cancel', by: 'sagsbehandler-1', reason: 'Forkert bilag' },
} satisfies Record<string, OutboxEvent>;
export type EventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The entry after an accepted event; fails the test with the refusal otherwise. */
export function step(entry: OutboxEntry, event: OutboxEvent, now: Date = NOW): OutboxEntry {
  const result: TransitionResult = transition(entry, event, now);
  if (!result.ok) expect.fail(`refused ${event.type} from ${entry.state}: ${result.refusal.reason}`);
  return result.entry;
}
