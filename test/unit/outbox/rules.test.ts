import { describe, expect, it } from 'vitest';
import {
  createOutboxEntry,
  dueForLookup,
  dueNow,
  nextDueAt,
  OFFLINE_RETRY_MS,
  recoverAfterCrash,
  retryDelayMs,
  transition,
} from '../../../src/core/outbox';
import {
  MAX_SEND_DELAY_MS,
  OUTBOX_MAX_ATTEMPTS,
  outboxEntrySchema,
  outboxEventSchema,
  outboxEventTypes,
  type OutboxEntry,
} from '../../../src/shared/domain/outbox';
import { entryIn, EVENTS, isoLater, later, NOW, RECEIPT, step, UUID, VARIANT_NAMES } from './fixtures';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** A fresh entry queued with no delay and claimed: in `sending`, its request not yet started. */
function sendingEntry(): OutboxEntry {
  const queued = step(createOutboxEntry('e', UUID), { type: 'submit', approvalRequired: false, delayMs: 0 });
  return step(queued, EVENTS.claim);
}

/** Claimed and marked started: the request is about to be (or has been) written. */
function startedEntry(): OutboxEntry {
  return step(sendingEntry(), EVENTS.request_started);
}

describe('retries after server errors (5xx)', () => {
  it('waits 5 s, 10 s, 20 s … doubling, capped at 5 minutes, and stops after 8', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs)).toEqual([
      5 * SECOND,
      10 * SECOND,
      20 * SECOND,
      40 * SECOND,
      80 * SECOND,
      160 * SECOND,
      5 * MINUTE,
      null,
    ]);
    for (let n = 1; n < 50; n++) expect(retryDelayMs(n) ?? 0).toBeLessThanOrEqual(5 * MINUTE);
  });

  it('uses one attempt per 5xx, same UUID each time, then waits for a person after the 8th', () => {
    let entry = sendingEntry();
    let now = NOW.getTime();
    const delivered: string[] = [];
    for (let n = 1; n <= OUTBOX_MAX_ATTEMPTS; n++) {
      entry = step(entry, EVENTS['failed (5xx)'], new Date(now));
      expect(entry).toMatchObject({ state: 'failed_retryable', attempts: n });
      if (n < OUTBOX_MAX_ATTEMPTS) {
        expect(entry.needsAttention).toBe(false);
        expect(Date.parse(entry.nextAttemptAt ?? '') - now).toBe(retryDelayMs(n));
        now = Date.parse(entry.nextAttemptAt ?? '');
        const claimed = transition(entry, EVENTS.claim, new Date(now));
        if (!claimed.ok) return expect.fail(claimed.refusal.reason);
        for (const e of claimed.effects) if (e.kind === 'deliver') delivered.push(e.messageUUID);
        entry = claimed.entry;
      }
    }
    expect(entry).toMatchObject({ state: 'failed_retryable', needsAttention: true, nextAttemptAt: null });
    expect(delivered).toEqual(Array(OUTBOX_MAX_ATTEMPTS - 1).fill(UUID));
    // No automatic retry, however long it waits; nothing is dropped either.
    expect(dueNow([entry], later(365 * 24 * 60 * MINUTE))).toEqual([]);
    expect(transition(entry, EVENTS.claim, later(60 * MINUTE)).ok).toBe(false);
    // A person gives it a new round.
    const retried = step(entry, EVENTS.retry, later(60 * MINUTE));
    expect(retried).toMatchObject({ state: 'failed_retryable', attempts: 0, needsAttention: false });
    expect(dueNow([retried], later(60 * MINUTE))).toEqual([retried]);
  });

  it('refuses a retry before it is due, and a manual retry while automatic ones remain', () => {
    const failed = step(sendingEntry(), EVENTS['failed (5xx)']);
    const early = transition(failed, EVENTS.claim, later(4 * SECOND));
    expect(early.ok ? null : early.refusal.code).toBe('not_due');
    expect(transition(failed, EVENTS.claim, later(5 * SECOND)).ok).toBe(true);
    expect(transition(failed, EVENTS.retry, NOW).ok).toBe(false);
  });

  it('ends failed_permanent on a 4xx, with no retry', () => {
    const entry = step(sendingEntry(), EVENTS['failed (4xx)']);
    expect(entry).toMatchObject({ state: 'failed_permanent', nextAttemptAt: null, attempts: 0 });
    expect(dueNow([entry], later(60 * MINUTE))).toEqual([]);
  });
});

describe('offline (connection refused, no DNS)', () => {
  it('does not use up the retry budget, however long it lasts, and goes once it is back', () => {
    let entry = step(sendingEntry(), EVENTS['failed (5xx)']); // one real server error first
    let now = Date.parse(entry.nextAttemptAt ?? '');
    entry = step(entry, EVENTS.claim, new Date(now));
    for (let i = 0; i < 500; i++) {
      entry = step(entry, EVENTS['failed (offline)'], new Date(now));
      expect(entry).toMatchObject({ state: 'queued', attempts: 1, needsAttention: false });
      expect(Date.parse(entry.sendAfter ?? '') - now).toBe(OFFLINE_RETRY_MS);
      now += OFFLINE_RETRY_MS;
      expect(dueNow([entry], new Date(now))).toEqual([entry]);
      entry = step(entry, EVENTS.claim, new Date(now));
    }
    entry = step(entry, EVENTS.delivered, new Date(now));
    expect(entry).toMatchObject({ state: 'sent', attempts: 1, receipt: RECEIPT, messageUUID: UUID });
  });
});

describe('the delay window', () => {
  it('starts when the message is queued, and nothing goes before it ends', () => {
    const queued = step(createOutboxEntry('e', UUID), EVENTS['submit (no approval)']);
    expect(queued.sendAfter).toBe(isoLater(30 * SECOND));
    expect(dueNow([queued], later(29_999))).toEqual([]);
    const early = transition(queued, EVENTS.claim, later(29_999));
    expect(early.ok ? null : early.refusal.code).toBe('not_due');
    expect(dueNow([queued], later(30 * SECOND))).toEqual([queued]);
  });

  it('can be cancelled inside the window; the entry stays, as cancelled, and is never due', () => {
    const queued = step(createOutboxEntry('e', UUID), EVENTS['submit (no approval)']);
    const result = transition(queued, EVENTS.cancel, later(10 * SECOND));
    if (!result.ok) return expect.fail(result.refusal.reason);
    expect(result.entry).toMatchObject({ id: 'e', messageUUID: UUID, state: 'cancelled', sendAfter: null });
    expect(result.effects).toEqual([
      {
        kind: 'audit',
        event: 'cancel',
        from: 'queued',
        to: 'cancelled',
        details: { by: 'sagsbehandler-1', reason: 'Forkert bilag' },
      },
    ]);
    expect(dueNow([result.entry], later(60 * MINUTE))).toEqual([]);
  });

  it('survives a restart: recovery leaves a queued entry waiting, neither lost nor early', () => {
    const queued = step(createOutboxEntry('e', UUID), EVENTS['submit (no approval)']);
    expect(recoverAfterCrash(queued, later(10 * SECOND))).toEqual({ entry: queued, effects: [] });
    expect(dueNow([queued], later(10 * SECOND))).toEqual([]);
  });

  it('applies to an approved message too, and refuses a delay that is negative, fractional or over an hour', () => {
    expect(step(entryIn('approved'), { type: 'enqueue', delayMs: 0 }).sendAfter).toBe(NOW.toISOString());
    for (const delayMs of [-1, 0.5, MAX_SEND_DELAY_MS + 1, Number.NaN]) {
      const result = transition(entryIn('draft'), { type: 'submit', approvalRequired: false, delayMs }, NOW);
      expect(result.ok ? null : result.refusal.code).toBe('invalid_event');
    }
  });
});

describe('the request is marked started, in its own step, just before it is written', () => {
  it('request_started keeps the entry in sending, sets only the flag, and records it', () => {
    const claimed = sendingEntry();
    expect(claimed.requestStarted).toBe(false);
    const result = transition(claimed, EVENTS.request_started, later(SECOND));
    if (!result.ok) return expect.fail(result.refusal.reason);
    expect(result.entry).toEqual({ ...claimed, requestStarted: true });
    // One history entry, and no second deliver: the claim already issued the only one.
    expect(result.effects).toEqual([
      { kind: 'audit', event: 'request_started', from: 'sending', to: 'sending', details: {} },
    ]);
  });

  it('is refused a second time, and from every state but sending', () => {
    const twice = transition(startedEntry(), EVENTS.request_started, NOW);
    expect(twice.ok ? null : twice.refusal).toMatchObject({
      code: 'not_allowed',
      from: 'sending',
      event: 'request_started',
    });
    for (const variant of VARIANT_NAMES.filter((v) => v !== 'sending')) {
      const result = transition(entryIn(variant), EVENTS.request_started, NOW);
      expect(result.ok, variant).toBe(false);
    }
  });

  it('is cleared by whatever ends the send, so a later claim starts unmarked', () => {
    const offline = step(startedEntry(), EVENTS['failed (offline)']);
    expect(offline).toMatchObject({ state: 'queued', requestStarted: false });
    const reclaimed = step(offline, EVENTS.claim, later(OFFLINE_RETRY_MS));
    expect(reclaimed).toMatchObject({ state: 'sending', requestStarted: false });
    expect(step(startedEntry(), EVENTS['failed (5xx)']).requestStarted).toBe(false);
    expect(step(startedEntry(), EVENTS.delivered).requestStarted).toBe(false);
  });
});

describe('recovery after a crash', () => {
  it('before the request started: back to the queue, due now, same UUID, attempts as they were, no look-up', () => {
    const at = later(7 * MINUTE);
    const recovered = recoverAfterCrash(sendingEntry(), at);
    expect(recovered.entry).toEqual({
      ...sendingEntry(),
      state: 'queued',
      sendAfter: at.toISOString(),
      requestStarted: false,
    });
    expect(recovered.effects).toEqual([
      {
        kind: 'audit',
        event: 'interrupted',
        from: 'sending',
        to: 'queued',
        details: { cause: 'crash_before_request', sendAfter: at.toISOString() },
      },
    ]);
    expect(dueNow([recovered.entry], at)).toEqual([recovered.entry]);
    expect(dueForLookup([recovered.entry])).toEqual([]);
  });

  it('after the request started: unknown, with a look-up by UUID and nothing sent', () => {
    const recovered = recoverAfterCrash(startedEntry(), later(MINUTE));
    expect(recovered.entry).toMatchObject({
      state: 'unknown',
      needsAttention: false,
      messageUUID: UUID,
      requestStarted: false,
      sendAfter: null,
      lastError: { kind: 'interrupted' },
    });
    expect(recovered.effects).toEqual([
      expect.objectContaining({ kind: 'audit', event: 'interrupted', details: { cause: 'crash' } }),
      { kind: 'lookup', messageUUID: UUID },
    ]);
    expect(dueForLookup([recovered.entry])).toEqual([recovered.entry]);
    expect(dueNow([recovered.entry], later(60 * MINUTE))).toEqual([]);
  });

  it('a retry claimed from failed_retryable keeps its attempts either way', () => {
    let entry = sendingEntry();
    for (let n = 1; n <= 3; n++) {
      entry = step(entry, EVENTS['failed (5xx)']);
      entry = step(entry, EVENTS.claim, later(10 * MINUTE));
    }
    expect(entry).toMatchObject({ state: 'sending', attempts: 3, lastError: { kind: 'server_error' } });
    const before = recoverAfterCrash(entry, later(20 * MINUTE)).entry;
    expect(before).toMatchObject({ state: 'queued', attempts: 3, messageUUID: UUID, needsAttention: false });
    // Claimed again, the next server error is the 4th, not the 1st: a crash neither adds nor refunds an attempt.
    const again = step(step(before, EVENTS.claim, later(20 * MINUTE)), EVENTS['failed (5xx)']);
    expect(again).toMatchObject({ state: 'failed_retryable', attempts: 4 });
    const after = recoverAfterCrash(step(entry, EVENTS.request_started), later(20 * MINUTE)).entry;
    expect(after).toMatchObject({ state: 'unknown', attempts: 3, messageUUID: UUID });
  });

  it('the interrupted event follows the same rule for a crash; a lost connection is always unknown', () => {
    const crashBefore = step(sendingEntry(), EVENTS['interrupted (crash)'], later(SECOND));
    expect(crashBefore).toMatchObject({ state: 'queued', sendAfter: isoLater(SECOND) });
    expect(step(startedEntry(), EVENTS['interrupted (crash)']).state).toBe('unknown');
    // A dropped connection is only ever reported by a request that was made: never a blind resend.
    expect(step(sendingEntry(), EVENTS['interrupted (connection lost)']).state).toBe('unknown');
    expect(step(startedEntry(), EVENTS['interrupted (connection lost)']).state).toBe('unknown');
  });

  it('leaves every state but sending as it is', () => {
    for (const variant of VARIANT_NAMES.filter((v) => !v.startsWith('sending'))) {
      const entry = entryIn(variant);
      expect(recoverAfterCrash(entry, later(MINUTE))).toEqual({ entry, effects: [] });
    }
  });
});

describe('unknown: cut off mid-request', () => {
  const unknownEntry = (): OutboxEntry => recoverAfterCrash(startedEntry(), NOW).entry;

  it('look-up: delivered → sent with its receipt; never received → queued now, same UUID', () => {
    const unknown = unknownEntry();
    expect(step(unknown, EVENTS.lookup_delivered)).toMatchObject({ state: 'sent', receipt: RECEIPT });
    const again = step(unknown, EVENTS.lookup_not_received);
    expect(again).toMatchObject({ state: 'queued', sendAfter: NOW.toISOString(), messageUUID: UUID });
    expect(dueNow([again], NOW)).toEqual([again]);
  });

  it('a person cannot resolve while a look-up is still possible: its answer decides', () => {
    const result = transition(unknownEntry(), EVENTS.resolve_resend, NOW);
    expect(result.ok ? null : result.refusal.reason).toContain('Vent på svaret');
  });

  it('no look-up possible: stays unknown until a person resolves it, recording who and why', () => {
    const waiting = step(unknownEntry(), EVENTS.lookup_unavailable);
    expect(waiting).toMatchObject({ state: 'unknown', needsAttention: true });
    expect(dueNow([waiting], later(60 * MINUTE))).toEqual([]);
    expect(dueForLookup([waiting])).toEqual([]);
    const resent = transition(waiting, EVENTS.resolve_resend, NOW);
    if (!resent.ok) return expect.fail(resent.refusal.reason);
    expect(resent.entry).toMatchObject({ state: 'queued', messageUUID: UUID, needsAttention: false });
    expect(resent.effects[0]).toMatchObject({
      kind: 'audit',
      details: { by: 'leder-1', reason: 'Ikke i modtagerens postkasse' },
    });
    expect(step(waiting, EVENTS.resolve_delivered)).toMatchObject({ state: 'sent', receipt: null });
  });
});

describe('the messageUUID', () => {
  it('never changes along the longest path: approval, delay, 5xx, offline, crashes, look-up, sent', () => {
    let entry = createOutboxEntry('e', UUID);
    entry = step(entry, EVENTS['submit (approval required)']);
    entry = { ...entry, state: 'approved' }; // the approval issue's exit, done by hand here
    const path = [
      EVENTS.enqueue,
      EVENTS.claim,
      EVENTS.request_started,
      EVENTS['failed (5xx)'],
      EVENTS.claim,
      EVENTS['interrupted (crash)'], // before the request: back to the queue
      EVENTS.claim,
      EVENTS.request_started,
      EVENTS['failed (offline)'],
      EVENTS.claim,
      EVENTS.request_started,
      EVENTS['interrupted (connection lost)'],
      EVENTS.lookup_not_received,
      EVENTS.claim,
      EVENTS.request_started,
      EVENTS['interrupted (crash)'], // after the request: unknown
      EVENTS.lookup_not_received,
      EVENTS.claim,
      EVENTS.request_started,
      EVENTS.delivered,
    ];
    let now = NOW.getTime();
    for (const event of path) {
      now += 10 * MINUTE;
      entry = step(entry, event, new Date(now));
      expect(entry.messageUUID).toBe(UUID);
    }
    expect(entry.state).toBe('sent');
  });

  it('must be a v4 UUID', () => {
    expect(() => createOutboxEntry('e', 'not-a-uuid')).toThrow();
    expect(() => createOutboxEntry('e', '3f2b8c1e-9a4d-1e7b-8c6f-1d2e3f4a5b6c')).toThrow();
  });
});

describe('the schedule', () => {
  it('dueNow picks exactly the queued and retry entries whose time has come', () => {
    const entries = VARIANT_NAMES.map((v, i) => entryIn(v, `e${i}`));
    expect(dueNow(entries, NOW).map((e) => e.state)).toEqual(['queued', 'failed_retryable']);
    expect(dueNow(entries, later(-2 * SECOND))).toEqual([]);
    expect(nextDueAt(entries)).toBe(isoLater(-1_000));
    expect(nextDueAt([entryIn('sent')])).toBeNull();
    expect(dueForLookup(entries).map((e) => e.state)).toEqual(['unknown']);
  });
});

describe('the entry as it crosses to the window', () => {
  it('is JSON-safe and its invariants hold in every state', () => {
    for (const variant of VARIANT_NAMES) {
      const entry = entryIn(variant);
      expect(outboxEntrySchema.parse(JSON.parse(JSON.stringify(entry)))).toEqual(entry);
    }
  });

  it('rejects entries that contradict themselves', () => {
    const queued = entryIn('queued (due)');
    expect(outboxEntrySchema.safeParse({ ...queued, sendAfter: null }).success).toBe(false);
    expect(outboxEntrySchema.safeParse({ ...queued, attempts: 9 }).success).toBe(false);
    expect(outboxEntrySchema.safeParse({ ...entryIn('sending'), receipt: RECEIPT }).success).toBe(false);
    for (const variant of VARIANT_NAMES.filter((v) => !v.startsWith('sending'))) {
      const problems = outboxEntrySchema.safeParse({ ...entryIn(variant), requestStarted: true }).error
        ?.issues;
      expect(
        problems?.map((i) => i.message),
        variant,
      ).toEqual(['only a sending entry has its request started']);
    }
    expect(outboxEntrySchema.safeParse({ ...queued, sendAfter: '2026-11-28T10:00:00+01:00' }).success).toBe(
      false,
    );
    expect(outboxEntrySchema.safeParse({ ...queued, extra: 1 }).success).toBe(false);
  });

  it('reads an entry stored before requestStarted existed as not started', () => {
    // (A stored `sending` row from then is the backend's to read as started: see the outbox service's tests.)
    const { requestStarted: _dropped, ...old } = entryIn('queued (due)');
    expect(outboxEntrySchema.parse(old)).toEqual({ ...old, requestStarted: false });
  });

  it('lists every event type, and every sample event parses', () => {
    expect([...outboxEventTypes].sort()).toEqual(
      [...new Set(Object.values(EVENTS).map((e) => e.type))].sort(),
    );
    for (const event of Object.values(EVENTS)) expect(outboxEventSchema.parse(event)).toEqual(event);
  });
});
