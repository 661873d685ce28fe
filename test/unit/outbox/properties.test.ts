import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recoverAfterCrash, transition, type OutboxEffect } from '../../../src/core/outbox';
import {
  MAX_SEND_DELAY_MS,
  OUTBOX_MAX_ATTEMPTS,
  outboxEntrySchema,
  terminalOutboxStates,
  type OutboxEntry,
  type OutboxEvent,
  type OutboxState,
} from '../../../src/shared/domain/outbox';
import { entryIn, NOW, RECEIPT, VARIANT_NAMES } from './fixtures';

/** The moves docs/outbox.md allows, as `from→to`. Any other move is a bug. */
const EDGES = new Set([
  'draft→awaiting_approval',
  'awaiting_approval→approved',
  'approved→awaiting_approval',
  'queued→awaiting_approval', // void_approval at send time
  'draft→queued',
  'approved→queued',
  'queued→sending',
  'failed_retryable→sending',
  'sending→sending', // request_started
  'sending→sent',
  'sending→failed_permanent',
  'sending→failed_retryable',
  'sending→queued',
  'sending→unknown',
  'failed_retryable→failed_retryable',
  'unknown→unknown',
  'unknown→sent',
  'unknown→queued',
  ...['draft', 'awaiting_approval', 'approved', 'queued', 'failed_retryable'].map((s) => `${s}→cancelled`),
]);

const person = {
  by: fc.string({ minLength: 1, maxLength: 20 }),
  reason: fc.string({ minLength: 1, maxLength: 40 }),
};
const delay = fc.oneof(
  fc.integer({ min: 0, max: MAX_SEND_DELAY_MS }),
  fc.constantFrom(-1, 0.5, MAX_SEND_DELAY_MS + 1),
);
const receipt = fc.record({
  reference: fc.option(fc.string({ maxLength: 20 })),
  receivedAt: fc.constant(RECEIPT.receivedAt),
  text: fc.option(fc.constantFrom('Digital Post', 'Fysisk Post')),
});

/** Any event with any payload, including ones the machine must refuse. */
const anyEvent: fc.Arbitrary<OutboxEvent> = fc.oneof(
  fc.record({ type: fc.constant('submit' as const), approvalRequired: fc.boolean(), delayMs: delay }),
  fc.record({ type: fc.constant('enqueue' as const), delayMs: delay }),
  fc.record({ type: fc.constant('approve' as const), by: person.by, requestId: fc.uuid() }),
  fc.record({ type: fc.constant('reject' as const), ...person }),
  fc.record({ type: fc.constant('void_approval' as const), reason: person.reason }),
  fc.constant({ type: 'claim' as const }),
  fc.constant({ type: 'request_started' as const }),
  fc.record({ type: fc.constant('delivered' as const), receipt }),
  fc.record({
    type: fc.constant('failed' as const),
    error: fc.record({
      kind: fc.constantFrom('offline' as const, 'server_error' as const, 'rejected' as const),
      message: fc.string({ maxLength: 40 }),
    }),
  }),
  fc.record({
    type: fc.constant('interrupted' as const),
    cause: fc.constantFrom('crash' as const, 'connection_lost' as const),
  }),
  fc.record({ type: fc.constant('lookup_delivered' as const), receipt }),
  fc.constant({ type: 'lookup_not_received' as const }),
  fc.record({ type: fc.constant('lookup_unavailable' as const), message: fc.string({ maxLength: 40 }) }),
  fc.record({ type: fc.constant('resolve_delivered' as const), ...person }),
  fc.record({ type: fc.constant('resolve_resend' as const), ...person }),
  fc.record({ type: fc.constant('retry' as const), ...person }),
  fc.record({ type: fc.constant('cancel' as const), ...person }),
);

/** A step: an event (or a restart, which runs crash recovery) after some time has passed, possibly backwards. */
const anyStep = fc.record({
  event: fc.oneof(
    { weight: 14, arbitrary: anyEvent },
    { weight: 2, arbitrary: fc.constant('restart' as const) },
  ),
  advanceMs: fc.oneof(fc.integer({ min: 0, max: 10 * 60_000 }), fc.integer({ min: -60_000, max: 0 })),
});

const isTerminal = (s: OutboxState): boolean => terminalOutboxStates.includes(s);

describe('outbox properties: any event sequence from any state', () => {
  it('never leaves a terminal state, keeps id and UUID, stays sound, caps attempts, never loses the entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VARIANT_NAMES),
        fc.array(anyStep, { maxLength: 60 }),
        (variant, steps) => {
          let entry: OutboxEntry = entryIn(variant);
          const { id, messageUUID } = entry;
          let now = NOW.getTime();
          let reachedSent = entry.state === 'sent';
          for (const { event, advanceMs } of steps) {
            now += advanceMs;
            const before = entry;
            let effects: OutboxEffect[] = [];
            if (event === 'restart') {
              ({ entry, effects } = recoverAfterCrash(entry, new Date(now)));
            } else {
              const result = transition(entry, event, new Date(now));
              if (result.ok) ({ entry, effects } = result);
              else expect(result.refusal.reason.length).toBeGreaterThan(0);
            }
            // Never disappears, never becomes another message.
            expect(entry).toBeDefined();
            expect(entry.id).toBe(id);
            expect(entry.messageUUID).toBe(messageUUID);
            expect(entry.attempts).toBeGreaterThanOrEqual(0);
            expect(entry.attempts).toBeLessThanOrEqual(OUTBOX_MAX_ATTEMPTS);
            expect(outboxEntrySchema.parse(JSON.parse(JSON.stringify(entry)))).toEqual(entry);
            if (isTerminal(before.state)) expect(entry).toBe(before);
            if (entry !== before) expect(EDGES).toContain(`${before.state}→${entry.state}`);
            const delivers = effects.filter((e) => e.kind === 'deliver');
            if (reachedSent) expect(delivers).toEqual([]);
            // A deliver only on the claim (entering sending), never on request_started.
            if (delivers.length > 0) {
              expect(['queued', 'failed_retryable']).toContain(before.state);
              expect(entry).toMatchObject({ state: 'sending', requestStarted: false });
            }
            expect(delivers.length).toBeLessThanOrEqual(1);
            if (entry !== before) expect(effects.filter((e) => e.kind === 'audit')).toHaveLength(1);
            // Only a sending entry has its request started, and only request_started sets it.
            if (entry.requestStarted) expect(entry.state).toBe('sending');
            if (entry.requestStarted && !before.requestStarted)
              expect(event === 'restart' ? null : event.type).toBe('request_started');
            // A crash before the request never makes it unknown: back to the queue, due now, attempts kept.
            const crash = event === 'restart' || (event.type === 'interrupted' && event.cause === 'crash');
            if (crash && before.state === 'sending') {
              if (before.requestStarted) {
                expect(entry.state).toBe('unknown');
                expect(effects).toContainEqual({ kind: 'lookup', messageUUID });
              } else {
                expect(entry).toMatchObject({
                  state: 'queued',
                  sendAfter: new Date(now).toISOString(),
                  attempts: before.attempts,
                });
                expect(effects.filter((e) => e.kind !== 'audit')).toEqual([]);
              }
            }
            // Unknown is entered from sending without the request marked started only by a dropped connection.
            if (entry.state === 'unknown' && before.state === 'sending' && !before.requestStarted)
              expect(event).toEqual({ type: 'interrupted', cause: 'connection_lost' });
            reachedSent ||= entry.state === 'sent';
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

/**
 * Exactly once against a truthful connector with duplicate refusal off: every request the connector stores is a
 * delivery, so after one request has been stored no further `deliver` may ever be issued. The test keeps the
 * truth (was it stored?) itself and answers look-ups and a person's resolution from it.
 *
 * As the worker does it: `claim` (committed), then `request_started` (committed), and only then is the request
 * written (`inFlight`). A crash can come at any point: between the claim and request_started nothing was written;
 * after it, the connector may or may not have stored the message before the process died.
 */
type Action =
  | 'claim'
  | 'start_request'
  | 'accept'
  | 'server_error'
  | 'reject'
  | 'offline'
  | 'drop_after_store'
  | 'drop_before_store'
  | 'crash'
  | 'crash_after_store'
  | 'lookup'
  | 'resolve'
  | 'retry'
  | 'cancel';
const actions: Action[] = [
  'claim',
  'start_request',
  'accept',
  'server_error',
  'reject',
  'offline',
  'drop_after_store',
  'drop_before_store',
  'crash',
  'crash_after_store',
  'lookup',
  'resolve',
  'retry',
  'cancel',
];

describe('outbox properties: exactly once against a truthful connector', () => {
  it('never issues a deliver after the connector has stored the message, and sent means stored', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.record({ action: fc.constantFrom(...actions), advanceMs: fc.nat(6 * 60_000) }), {
          maxLength: 80,
        }),
        (lookupSupported, steps) => {
          let entry = entryIn('queued (due)');
          let now = NOW.getTime();
          let stored = 0;
          let claimed = false; // a deliver was issued and its request has not been written yet
          let inFlight = false; // the request was written and has not been answered
          const by = { by: 'leder-1', reason: 'afklaret' };
          for (const { action, advanceMs } of steps) {
            now += advanceMs;
            const at = new Date(now);
            const apply = (event: OutboxEvent): OutboxEffect[] => {
              const result = transition(entry, event, at);
              if (!result.ok) return [];
              entry = result.entry;
              return result.effects;
            };
            let effects: OutboxEffect[] = [];
            const answer = (event: OutboxEvent, storedNow: boolean): void => {
              if (!inFlight || entry.state !== 'sending') return;
              if (storedNow) stored++;
              inFlight = false;
              effects = apply(event);
            };
            switch (action) {
              case 'claim':
                effects = apply({ type: 'claim' });
                break;
              case 'start_request':
                // The worker writes the request only once request_started is committed.
                if (!claimed) break;
                if (transition(entry, { type: 'request_started' }, at).ok) {
                  effects = apply({ type: 'request_started' });
                  claimed = false;
                  inFlight = true;
                }
                break;
              case 'accept':
                answer({ type: 'delivered', receipt: RECEIPT }, true);
                break;
              case 'server_error':
                answer({ type: 'failed', error: { kind: 'server_error', message: '503' } }, false);
                break;
              case 'reject':
                answer({ type: 'failed', error: { kind: 'rejected', message: '400' } }, false);
                break;
              case 'offline':
                answer({ type: 'failed', error: { kind: 'offline', message: 'ECONNREFUSED' } }, false);
                break;
              case 'drop_after_store':
                answer({ type: 'interrupted', cause: 'connection_lost' }, true);
                break;
              case 'drop_before_store':
                answer({ type: 'interrupted', cause: 'connection_lost' }, false);
                break;
              case 'crash':
              case 'crash_after_store':
                // The process dies wherever it is: before the request, or with it in flight (stored or not).
                if (inFlight && action === 'crash_after_store') stored++;
                inFlight = false;
                claimed = false;
                ({ entry, effects } = recoverAfterCrash(entry, at));
                break;
              case 'lookup':
                effects = apply(
                  !lookupSupported
                    ? { type: 'lookup_unavailable', message: 'ikke muligt' }
                    : stored > 0
                      ? { type: 'lookup_delivered', receipt: RECEIPT }
                      : { type: 'lookup_not_received' },
                );
                break;
              case 'resolve':
                effects = apply(
                  stored > 0 ? { type: 'resolve_delivered', ...by } : { type: 'resolve_resend', ...by },
                );
                break;
              case 'retry':
                effects = apply({ type: 'retry', ...by });
                break;
              case 'cancel':
                effects = apply({ type: 'cancel', by: 'sagsbehandler-1', reason: 'fortrudt' });
                break;
            }
            const delivers = effects.filter((e) => e.kind === 'deliver');
            if (delivers.length > 0) {
              expect(stored, 'a deliver after the message was stored').toBe(0);
              claimed = true;
            }
            expect(stored).toBeLessThanOrEqual(1);
            if (entry.state === 'sent') expect(stored).toBe(1);
            if (entry.state === 'cancelled' || entry.state === 'failed_permanent') expect(stored).toBe(0);
            // What the machine knows agrees with where the worker is.
            expect(entry.state === 'sending').toBe(claimed || inFlight);
            expect(entry.requestStarted).toBe(inFlight);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
