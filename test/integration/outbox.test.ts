import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  SendOutcome,
} from '../../src/backend/connectors/connector';
import { openStore, type Store } from '../../src/backend/db/store';
import { createAuditService, type AuditService } from '../../src/backend/services/audit.service';
import { createOutboxService, type AcceptInput } from '../../src/backend/services/outbox.service';
import { OUTBOX_MAX_ATTEMPTS } from '../../src/shared/domain/outbox';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../support/fakes';
import { tempDir } from '../support/temp-dir';

const RECEIPT = {
  reference: 'T-1',
  receivedAt: '2026-11-28T09:00:31.000Z',
  text: 'Afleveret til Digital Post',
};
const accepted: SendOutcome = { kind: 'accepted', receipt: RECEIPT };
const serverError: SendOutcome = { kind: 'server_error', message: '503' };
const rejected: SendOutcome = { kind: 'rejected', message: '400' };
const offline: SendOutcome = { kind: 'offline', message: 'ECONNREFUSED' };

/** A scripted connector: answers sends and look-ups from queues (then the defaults) and records every call. */
class FakeConnector implements Connector {
  readonly kind = 'sandbox' as const;
  readonly sends: OutgoingMessage[] = [];
  readonly lookups: string[] = [];
  sendScript: SendOutcome[] = [];
  lookupScript: LookupOutcome[] = [];
  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.sends.push(message);
    return this.sendScript.shift() ?? accepted;
  }
  async lookup(messageUUID: string): Promise<LookupOutcome> {
    this.lookups.push(messageUUID);
    return this.lookupScript.shift() ?? { kind: 'not_received' };
  }
  async health() {
    return { ok: true, message: 'ok' };
  }
  async close() {}
}

describe('the outbox service', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let clock: FakeClock;
  let audit: AuditService;
  let connector: FakeConnector;

  const service = () => createOutboxService({ db: store.db, audit, clock, connector });
  const input = (over: Partial<AcceptInput> = {}): AcceptInput => ({
    draftId: 'd1',
    recipientPartyId: 'p1',
    channel: 'digital',
    postalAddress: null,
    memoXml: '<memo:Message/>',
    messageUUID: randomUUID(),
    approvalRequired: false,
    delayMs: 30_000,
    ...over,
  });
  const kinds = () =>
    audit
      .list({ limit: 1000 })
      .map((e) => e.kind)
      .reverse();

  beforeEach(() => {
    dir = tempDir();
    clock = new FakeClock();
    store = openStore({ dataDir: dir.path, keyStore: new FakeKeyStore(), logger: new MemoryLogger() });
    audit = createAuditService(store.db, clock, fakeUser(), () => {});
    connector = new FakeConnector();
    store.db
      .prepare("INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')")
      .run();
    store.db
      .prepare(
        `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
         VALUES ('d1', 'a', 'x.pdf', 'S-1', 'draft', '{}', '[]', 'x', 'now', 'now')`,
      )
      .run();
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('accepts the same draft and recipient once: a second accept returns the row and its UUID', () => {
    const outbox = service();
    const first = outbox.accept(input());
    const second = service().accept(input({ memoXml: '<other/>' }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.item.id).toBe(first.item.id);
    expect(second.item.entry.messageUUID).toBe(first.item.entry.messageUUID);
    expect(outbox.list()).toHaveLength(1);
    expect(first.item.entry.state).toBe('queued');
    expect(outbox.accept(input({ recipientPartyId: 'p2' })).created).toBe(true);
    expect(outbox.list()).toHaveLength(2);
    expect(kinds()).toEqual(['outbox.submit', 'outbox.submit']);
  });

  it('rolls back an accept the machine refuses, and refuses an unknown draft', () => {
    const outbox = service();
    expect(() => outbox.accept(input({ delayMs: -1 }))).toThrow();
    expect(() => outbox.accept(input({ draftId: 'missing' }))).toThrow();
    expect(outbox.list()).toHaveLength(0);
    expect(kinds()).toEqual([]);
  });

  it('waits out the delay window, can be cancelled inside it, and sends once after it', async () => {
    const outbox = service();
    const kept = outbox.accept(input()).item;
    const cancelled = outbox.accept(input({ recipientPartyId: 'p2' })).item;
    clock.advance(29_000);
    expect((await outbox.tick()).sent).toEqual([]);
    expect(connector.sends).toHaveLength(0);
    const cancel = outbox.cancel(cancelled.id, 'Test Sagsbehandler', 'forkert modtager');
    expect(cancel.ok && cancel.item.entry.state).toBe('cancelled');
    clock.advance(1_000);
    expect((await outbox.tick()).sent).toEqual([kept.id]);
    await outbox.tick();
    expect(connector.sends.map((m) => m.messageUUID)).toEqual([kept.entry.messageUUID]);
    expect(outbox.get(kept.id).entry.state).toBe('sent');
    expect(outbox.get(kept.id).entry.receipt).toEqual(RECEIPT);
    expect(outbox.get(cancelled.id).entry.state).toBe('cancelled');
    // Too late to cancel once sent.
    const late = outbox.cancel(kept.id, 'Test Sagsbehandler', 'for sent');
    expect(late.ok).toBe(false);
    expect(kinds()).toEqual([
      'outbox.submit',
      'outbox.submit',
      'outbox.cancel',
      'outbox.claim',
      'outbox.delivered',
    ]);
    const details = audit.list({ limit: 10 }).map((e) => e.details);
    for (const d of details) {
      expect(d).toMatchObject({ draftId: 'd1', documentSha256: 'a' });
      expect(JSON.stringify(d)).not.toContain('memo:Message');
    }
    expect(audit.list({ limit: 1 })[0]).toMatchObject({
      kind: 'outbox.delivered',
      caseNumber: 'S-1',
      details: { from: 'sending', to: 'sent', messageUUID: kept.entry.messageUUID, recipientPartyId: 'p1' },
    });
    expect(audit.verify().intact).toBe(true);
  });

  it('ends a 4xx failed_permanent and never sends it again', async () => {
    const outbox = service();
    const { item } = outbox.accept(input({ delayMs: 0 }));
    connector.sendScript = [rejected];
    expect((await outbox.tick()).failed).toEqual([item.id]);
    clock.advance(60 * 60_000);
    await outbox.tick();
    expect(connector.sends).toHaveLength(1);
    expect(outbox.get(item.id).entry).toMatchObject({
      state: 'failed_permanent',
      lastError: { kind: 'rejected' },
    });
  });

  it('retries a 5xx later with the same UUID', async () => {
    const outbox = service();
    const { item } = outbox.accept(input({ delayMs: 0 }));
    connector.sendScript = [serverError];
    await outbox.tick();
    expect(outbox.get(item.id).entry).toMatchObject({ state: 'failed_retryable', attempts: 1 });
    await outbox.tick();
    expect(connector.sends).toHaveLength(1); // the 5 s backoff is not over
    clock.advance(5_000);
    await outbox.tick();
    expect(connector.sends.map((m) => m.messageUUID)).toEqual([
      item.entry.messageUUID,
      item.entry.messageUUID,
    ]);
    expect(outbox.get(item.id).entry.state).toBe('sent');
  });

  it('stops after the last 5xx attempt and waits for a person', async () => {
    const outbox = service();
    const { item } = outbox.accept(input({ delayMs: 0 }));
    connector.sendScript = Array.from({ length: OUTBOX_MAX_ATTEMPTS }, () => serverError);
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 3; i++) {
      await outbox.tick();
      clock.advance(5 * 60_000);
    }
    expect(connector.sends).toHaveLength(OUTBOX_MAX_ATTEMPTS);
    expect(outbox.get(item.id).entry).toMatchObject({ state: 'failed_retryable', needsAttention: true });
  });

  it('keeps an offline send queued without using retries, and sends it once when back', async () => {
    const outbox = service();
    const { item } = outbox.accept(input({ delayMs: 0 }));
    connector.sendScript = Array.from({ length: 20 }, () => offline);
    for (let i = 0; i < 20; i++) {
      await outbox.tick();
      expect(outbox.get(item.id).entry).toMatchObject({ state: 'queued', attempts: 0 });
      clock.advance(15_000);
    }
    await outbox.tick();
    await outbox.tick();
    expect(connector.sends).toHaveLength(21);
    expect(new Set(connector.sends.map((m) => m.messageUUID))).toEqual(new Set([item.entry.messageUUID]));
    expect(outbox.get(item.id).entry).toMatchObject({ state: 'sent', attempts: 0 });
  });

  /** Commits a real claim, then "dies": the connector never answers, so the row is left in `sending`. */
  async function claimThenCrash(): Promise<void> {
    const hanging = new FakeConnector();
    hanging.send = (m) => {
      hanging.sends.push(m);
      return new Promise<SendOutcome>(() => {});
    };
    void createOutboxService({ db: store.db, audit, clock, connector: hanging }).tick();
    await new Promise((r) => setImmediate(r));
  }

  it('recovers a crash mid-request: unknown at start-up, looked up, sent, and never sent again', async () => {
    const { item } = service().accept(input({ delayMs: 0 }));
    await claimThenCrash();
    expect(service().get(item.id).entry.state).toBe('sending');

    const after = service();
    expect(after.start()).toEqual([item.id]);
    expect(after.get(item.id).entry.state).toBe('unknown');
    connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];
    expect((await after.tick()).lookedUp).toEqual([item.id]);
    expect(after.get(item.id).entry).toMatchObject({ state: 'sent', receipt: RECEIPT });
    expect(connector.lookups).toEqual([item.entry.messageUUID]);
    clock.advance(60 * 60_000);
    await after.tick();
    expect(connector.sends).toHaveLength(0);
    expect(after.start()).toEqual([]);
    expect(kinds()).toEqual([
      'outbox.submit',
      'outbox.claim',
      'outbox.interrupted',
      'outbox.lookup_delivered',
    ]);
  });

  it('resends after a crash only when the look-up says the message never arrived, with the same UUID', async () => {
    const { item } = service().accept(input({ delayMs: 0 }));
    await claimThenCrash();
    const restarted = service();
    expect(restarted.start()).toEqual([item.id]);
    connector.lookupScript = [{ kind: 'not_received' }];
    await restarted.tick();
    expect(connector.sends.map((m) => m.messageUUID)).toEqual([item.entry.messageUUID]);
    expect(restarted.get(item.id).entry.state).toBe('sent');
  });

  it('keeps a queued send across a restart inside the delay window: neither lost nor sent early', async () => {
    const { item } = service().accept(input());
    clock.advance(10_000);
    const restarted = service();
    expect(restarted.start()).toEqual([]);
    await restarted.tick();
    expect(connector.sends).toHaveLength(0);
    expect(restarted.get(item.id).entry.state).toBe('queued');
    expect(restarted.nextDueAt()).toBe('2026-11-28T09:00:30.000Z');
    clock.advance(20_000);
    expect((await restarted.tick()).sent).toEqual([item.id]);
  });

  it('turns a dropped connection into unknown, never a blind resend', async () => {
    const outbox = service();
    const { item } = outbox.accept(input({ delayMs: 0 }));
    connector.sendScript = [{ kind: 'interrupted', message: 'socket hang up' }];
    connector.lookupScript = [{ kind: 'unavailable', message: 'kan ikke slå op' }];
    expect((await outbox.tick()).unknown).toEqual([item.id]);
    await outbox.tick();
    await outbox.tick();
    expect(connector.sends).toHaveLength(1);
    expect(connector.lookups).toHaveLength(1);
    expect(outbox.get(item.id).entry).toMatchObject({ state: 'unknown', needsAttention: true });
  });

  it('runs ticks one at a time, so two ticks never send the same row', async () => {
    const outbox = service();
    outbox.accept(input({ delayMs: 0 }));
    outbox.accept(input({ recipientPartyId: 'p2', delayMs: 0 }));
    const [a, b] = await Promise.all([outbox.tick(), outbox.tick()]);
    expect([...a.sent, ...b.sent]).toHaveLength(2);
    expect(connector.sends).toHaveLength(2);
    expect(new Set(connector.sends.map((m) => m.messageUUID)).size).toBe(2);
  });
});
