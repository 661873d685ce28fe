import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/core/outbox';
import { outboxEntrySchema, type OutboxState } from '../../../src/shared/domain/outbox';
import { entryIn, EVENT_NAMES, EVENTS, NOW, VARIANT_NAMES, type EventName, type Variant } from './fixtures';

/**
 * Every state (and the variants that answer differently) against every event: the allowed moves are listed, and
 * everything not listed must be refused. This table is docs/outbox.md's, in code.
 */
const ALLOWED: Record<Variant, Partial<Record<EventName, OutboxState>>> = {
  draft: {
    'submit (approval required)': 'awaiting_approval',
    'submit (no approval)': 'queued',
    cancel: 'cancelled',
  },
  awaiting_approval: { approve: 'approved', reject: 'cancelled', cancel: 'cancelled' },
  approved: { enqueue: 'queued', void_approval: 'awaiting_approval', cancel: 'cancelled' },
  // At send time an approved send is checked once more; one its approval no longer fits waits for a new one.
  'queued (due)': { claim: 'sending', cancel: 'cancelled', void_approval: 'awaiting_approval' },
  // Claimed, request not yet written: a crash means it never reached the connector, so it goes back to the queue.
  sending: {
    request_started: 'sending',
    delivered: 'sent',
    'failed (4xx)': 'failed_permanent',
    'failed (5xx)': 'failed_retryable',
    'failed (offline)': 'queued',
    'interrupted (crash)': 'queued',
    'interrupted (connection lost)': 'unknown',
  },
  // The request may have arrived: a crash or a dropped connection leaves it unknown; it is marked started only once.
  'sending (request started)': {
    delivered: 'sent',
    'failed (4xx)': 'failed_permanent',
    'failed (5xx)': 'failed_retryable',
    'failed (offline)': 'queued',
    'interrupted (crash)': 'unknown',
    'interrupted (connection lost)': 'unknown',
  },
  sent: {},
  'failed_retryable (due)': { claim: 'sending', cancel: 'cancelled' },
  'failed_retryable (needs attention)': { retry: 'failed_retryable', cancel: 'cancelled' },
  failed_permanent: {},
  'unknown (look-up pending)': {
    lookup_delivered: 'sent',
    lookup_not_received: 'queued',
    lookup_unavailable: 'unknown',
  },
  'unknown (needs attention)': { resolve_delivered: 'sent', resolve_resend: 'queued' },
  cancelled: {},
};

const rows = VARIANT_NAMES.flatMap((variant) =>
  EVENT_NAMES.map((event) => [variant, event, ALLOWED[variant][event] ?? 'refused'] as const),
);

describe('outbox: every state × every event', () => {
  it.each(rows)('%s + %s → %s', (variant, eventName, expected) => {
    const before = entryIn(variant);
    const snapshot = structuredClone(before);
    const result = transition(before, EVENTS[eventName], NOW);
    expect(before).toEqual(snapshot); // the input is never mutated
    if (expected === 'refused') {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.refusal.from).toBe(before.state);
      expect(result.refusal.event).toBe(EVENTS[eventName].type);
      expect(result.refusal.reason.length).toBeGreaterThan(10);
      return;
    }
    expect(result.ok, result.ok ? '' : result.refusal.reason).toBe(true);
    if (!result.ok) return;
    expect(result.entry.state).toBe(expected);
    expect(result.entry.id).toBe(before.id);
    expect(result.entry.messageUUID).toBe(before.messageUUID);
    expect(outboxEntrySchema.safeParse(result.entry).error?.issues ?? []).toEqual([]);
    const audits = result.effects.filter((e) => e.kind === 'audit');
    expect(audits).toEqual([expect.objectContaining({ from: before.state, to: expected })]);
    // A deliver only on entering sending (the claim), never when the request is marked started.
    const delivers = result.effects.filter((e) => e.kind === 'deliver');
    expect(delivers).toEqual(
      expected === 'sending' && before.state !== 'sending'
        ? [{ kind: 'deliver', messageUUID: before.messageUUID }]
        : [],
    );
    const lookups = result.effects.filter((e) => e.kind === 'lookup');
    expect(lookups.length).toBe(expected === 'unknown' && before.state === 'sending' ? 1 : 0);
    // Only request_started sets the flag; every other accepted event leaves it false.
    expect(result.entry.requestStarted).toBe(eventName === 'request_started');
    expect(result.entry.attempts).toBe(
      eventName === 'failed (5xx)' ? before.attempts + 1 : eventName === 'retry' ? 0 : before.attempts,
    );
  });

  it.each([
    ['sending', 'Forsendelsen er ved at blive sendt og kan ikke længere annulleres.'],
    ['sending (request started)', 'Forsendelsen er ved at blive sendt og kan ikke længere annulleres.'],
    ['sent', 'Forsendelsen er sendt og kan ikke annulleres.'],
    ['failed_permanent', 'Digital Post har afvist forsendelsen'],
    ['unknown (look-up pending)', 'Det er uvist, om modtageren har fået forsendelsen'],
    ['unknown (needs attention)', 'Det er uvist, om modtageren har fået forsendelsen'],
    ['cancelled', 'Forsendelsen er allerede annulleret.'],
  ] as const)('cancel from %s is refused in Danish', (variant, words) => {
    const result = transition(entryIn(variant), EVENTS.cancel, NOW);
    expect(result.ok ? '' : result.refusal.reason).toContain(words);
  });

  it('names the state in Danish when an event does not fit', () => {
    const result = transition(entryIn('sent'), EVENTS.claim, NOW);
    expect(result.ok ? '' : result.refusal.reason).toBe(
      '"Start afsendelse" er ikke mulig, når forsendelsen har status "Sendt".',
    );
  });
});
