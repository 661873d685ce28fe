import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  PostalAddress,
  SendOutcome,
} from '../../src/backend/connectors/connector';
import { openStore, type Store } from '../../src/backend/db/store';
import {
  createAuditService,
  type AuditService,
  type PolicyStamp,
} from '../../src/backend/services/audit.service';
import {
  createOutboxService,
  type AcceptedRow,
  type AcceptInput,
  type OutboxItem,
} from '../../src/backend/services/outbox.service';
import { OUTBOX_MAX_ATTEMPTS } from '../../src/shared/domain/outbox';
import { AppError } from '../../src/shared/result';
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
const unreachable: LookupOutcome = { kind: 'unreachable', message: 'ETIMEDOUT' };
const unavailable: LookupOutcome = { kind: 'unavailable', message: 'kan ikke slå op' };

const USER = 'Test Sagsbehandler';
const POLICY: PolicyStamp = { version: '2026.11-test', sha256: 'c0ffee'.padEnd(64, '0') };
const ADDRESS: PostalAddress = {
  name: 'Jens Hansen',
  street: 'Bygaden 1',
  postalCode: '8000',
  city: 'Aarhus C',
};

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
  let keyStore: FakeKeyStore;
  let store: Store;
  let clock: FakeClock;
  let audit: AuditService;
  let connector: FakeConnector;

  const openAudit = () => createAuditService(store.db, clock, fakeUser(USER), () => {}, POLICY);
  const service = (onChange?: (item: OutboxItem) => void) =>
    createOutboxService({ db: store.db, audit, clock, connector, ...(onChange ? { onChange } : {}) });
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
  const history = () => audit.list({ limit: 1000 }).reverse();
  const kinds = () => history().map((e) => e.kind);

  /** The process ends: its store connection closes. The next service runs on a new connection, as after a restart. */
  function restart(): void {
    store.close();
    store = openStore({ dataDir: dir.path, keyStore, logger: new MemoryLogger() });
    audit = openAudit();
  }

  /**
   * Commits the claim, then "dies" before committing request_started: the history append of that step throws, so
   * its transaction rolls back and the tick ends there. The connector is never called.
   */
  async function crashBeforeRequest(): Promise<void> {
    const dying: AuditService = {
      ...audit,
      append(kind, caseNumber, details) {
        if (kind === 'outbox.request_started') throw new Error('killed between the claim and the request');
        return audit.append(kind, caseNumber, details);
      },
    };
    const never = new FakeConnector();
    const tick = createOutboxService({ db: store.db, audit: dying, clock, connector: never }).tick();
    await expect(tick).rejects.toThrow('killed between the claim and the request');
    expect(never.sends).toEqual([]);
  }

  /** Commits the claim and request_started, then "dies" with the request in flight: the connector never answers. */
  async function crashAfterRequestStarted(): Promise<OutgoingMessage> {
    const hanging = new FakeConnector();
    const written = new Promise<OutgoingMessage>((resolve) => {
      hanging.send = (m) => {
        resolve(m);
        return new Promise<SendOutcome>(() => {});
      };
    });
    void createOutboxService({ db: store.db, audit, clock, connector: hanging }).tick();
    return written;
  }

  beforeEach(() => {
    dir = tempDir();
    keyStore = new FakeKeyStore();
    clock = new FakeClock();
    store = openStore({ dataDir: dir.path, keyStore, logger: new MemoryLogger() });
    audit = openAudit();
    connector = new FakeConnector();
    store.db
      .prepare("INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')")
      .run();
    store.db
      .prepare(
        `INSERT INTO drafts (id, document_sha256, file_name, case_number, document_type, status, analysis, texts, created_by, created_at, updated_at)
         VALUES ('d1', 'a', 'x.pdf', 'S-1', 'afgoerelse', 'draft', '{}', '[]', 'x', 'now', 'now')`,
      )
      .run();
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  describe('accepting', () => {
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

    it('acceptInTransaction announces nothing until publishAccepted, and a rollback leaves no row', () => {
      const changed: string[] = [];
      const outbox = service((item) => changed.push(item.recipientPartyId));
      const rolledBack = store.db.transaction(() => {
        outbox.acceptInTransaction(input({ recipientPartyId: 'p1' }));
        throw new Error('the caller gives up');
      });
      expect(() => rolledBack.immediate()).toThrow('the caller gives up');
      expect(outbox.list()).toEqual([]);
      expect(kinds()).toEqual([]);

      const rows = store.db
        .transaction((): AcceptedRow[] => [
          outbox.acceptInTransaction(input({ recipientPartyId: 'p1' })),
          outbox.acceptInTransaction(input({ recipientPartyId: 'p2' })),
        ])
        .immediate();
      expect(changed).toEqual([]);
      expect(rows.map((r) => r.created)).toEqual([true, true]);
      const items = outbox.publishAccepted(rows);
      expect(changed).toEqual(['p1', 'p2']);
      expect(items.map((i) => [i.recipientPartyId, i.entry.state])).toEqual([
        ['p1', 'queued'],
        ['p2', 'queued'],
      ]);
      // Again for the same pair: the existing row, nothing new to announce.
      const again = store.db.transaction(() => outbox.acceptInTransaction(input())).immediate();
      expect(again).toEqual({ id: rows[0]?.id, audit: [], created: false });
      outbox.publishAccepted([again]);
      expect(changed).toEqual(['p1', 'p2']);
    });
  });

  describe('sending', () => {
    it('waits out the delay window, can be cancelled inside it, and sends once after it', async () => {
      const outbox = service();
      const kept = outbox.accept(input()).item;
      const cancelled = outbox.accept(input({ recipientPartyId: 'p2' })).item;
      clock.advance(29_000);
      expect((await outbox.tick()).sent).toEqual([]);
      expect(connector.sends).toHaveLength(0);
      const cancel = outbox.cancel(cancelled.id, USER, 'forkert modtager');
      expect(cancel.ok && cancel.item.entry.state).toBe('cancelled');
      clock.advance(1_000);
      expect((await outbox.tick()).sent).toEqual([kept.id]);
      await outbox.tick();
      expect(connector.sends.map((m) => m.messageUUID)).toEqual([kept.entry.messageUUID]);
      expect(outbox.get(kept.id).entry.state).toBe('sent');
      expect(outbox.get(kept.id).entry.receipt).toEqual(RECEIPT);
      expect(outbox.get(cancelled.id).entry.state).toBe('cancelled');
      // Too late to cancel once sent.
      const late = outbox.cancel(kept.id, USER, 'for sent');
      expect(late.ok).toBe(false);
      expect(kinds()).toEqual([
        'outbox.submit',
        'outbox.submit',
        'outbox.cancel',
        'outbox.claim',
        'outbox.request_started',
        'outbox.delivered',
      ]);
      for (const d of history().map((e) => e.details)) {
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

    it('records every step of a full send with the document, recipient, UUID, policy and user', async () => {
      const outbox = service();
      const { item } = outbox.accept(input({ delayMs: 0 }));
      await outbox.tick();
      const entries = history();
      expect(entries.map((e) => [e.kind, e.details.from, e.details.to])).toEqual([
        ['outbox.submit', 'draft', 'queued'],
        ['outbox.claim', 'queued', 'sending'],
        ['outbox.request_started', 'sending', 'sending'],
        ['outbox.delivered', 'sending', 'sent'],
      ]);
      for (const e of entries) {
        expect(e).toMatchObject({
          actor: USER,
          caseNumber: 'S-1',
          details: {
            outboxId: item.id,
            draftId: 'd1',
            documentSha256: 'a',
            documentType: 'afgoerelse',
            recipientPartyId: 'p1',
            channel: 'digital',
            messageUUID: item.entry.messageUUID,
            policy: { version: POLICY.version, sha256: POLICY.sha256 },
          },
        });
      }
      expect(entries[3]?.details).toMatchObject({ reference: 'T-1', receivedAt: RECEIPT.receivedAt });
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

    it('stops after the 8th 5xx; retry by a person gives a new round, and is refused while automatic ones remain', async () => {
      const outbox = service();
      const { item } = outbox.accept(input({ delayMs: 0 }));
      connector.sendScript = [serverError];
      await outbox.tick();
      // One attempt used, seven automatic ones left: a person cannot step in yet, and nothing changes.
      const before = outbox.get(item.id);
      const early = outbox.retry(item.id, 'leder-1', 'prøv nu');
      expect(early.ok ? null : early.refusal).toMatchObject({
        code: 'not_allowed',
        reason: 'Forsendelsen prøves allerede igen automatisk.',
      });
      expect(outbox.get(item.id)).toEqual(before);
      expect(kinds()).not.toContain('outbox.retry');

      connector.sendScript = Array.from({ length: OUTBOX_MAX_ATTEMPTS - 1 }, () => serverError);
      for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 3; i++) {
        clock.advance(5 * 60_000);
        await outbox.tick();
      }
      expect(connector.sends).toHaveLength(OUTBOX_MAX_ATTEMPTS);
      expect(outbox.get(item.id).entry).toMatchObject({
        state: 'failed_retryable',
        attempts: OUTBOX_MAX_ATTEMPTS,
        needsAttention: true,
        nextAttemptAt: null,
      });

      const retried = outbox.retry(item.id, 'leder-1', 'Digital Post virker igen');
      expect(retried.ok && retried.item.entry).toMatchObject({
        state: 'failed_retryable',
        attempts: 0,
        needsAttention: false,
        nextAttemptAt: clock.now().toISOString(),
      });
      expect(history().at(-1)).toMatchObject({
        kind: 'outbox.retry',
        actor: USER,
        details: { by: 'leder-1', reason: 'Digital Post virker igen', previousAttempts: OUTBOX_MAX_ATTEMPTS },
      });
      // A new round: the next 5xx is its first (5 s wait), not a 9th; then it goes, with the same UUID.
      connector.sendScript = [serverError];
      await outbox.tick();
      expect(outbox.get(item.id).entry).toMatchObject({
        state: 'failed_retryable',
        attempts: 1,
        needsAttention: false,
      });
      clock.advance(5_000);
      expect((await outbox.tick()).sent).toEqual([item.id]);
      expect(connector.sends).toHaveLength(OUTBOX_MAX_ATTEMPTS + 2);
      expect(new Set(connector.sends.map((m) => m.messageUUID))).toEqual(new Set([item.entry.messageUUID]));
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

  describe('the physical channel', () => {
    it('stores the postal address and passes it to the connector; a digital send carries none', async () => {
      const outbox = service();
      const physical = outbox.accept(input({ channel: 'physical', postalAddress: ADDRESS, delayMs: 0 })).item;
      const digital = outbox.accept(input({ recipientPartyId: 'p2', delayMs: 0 })).item;
      const column = store.db.prepare('SELECT postal_address FROM outbox WHERE id = ?');
      expect(JSON.parse((column.get(physical.id) as { postal_address: string }).postal_address)).toEqual(
        ADDRESS,
      );
      expect(column.get(digital.id)).toEqual({ postal_address: null });
      await outbox.tick();
      const byUuid = new Map(connector.sends.map((m) => [m.messageUUID, m]));
      expect(byUuid.get(physical.entry.messageUUID)).toEqual({
        messageUUID: physical.entry.messageUUID,
        memoXml: '<memo:Message/>',
        channel: 'physical',
        postalAddress: ADDRESS,
      });
      expect(byUuid.get(digital.entry.messageUUID)).not.toHaveProperty('postalAddress');
    });

    it('refuses a physical send without a postal address (VALIDATION_FAILED), leaving nothing behind', () => {
      const outbox = service();
      let error: unknown;
      try {
        outbox.accept(input({ channel: 'physical', postalAddress: null }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect(outbox.list()).toEqual([]);
      expect(kinds()).toEqual([]);
    });
  });

  describe('a crash, found at the next start', () => {
    it('before the request started: back to the queue and sent once, with the same UUID and no look-up', async () => {
      const { item } = service().accept(input({ delayMs: 0 }));
      await crashBeforeRequest();
      expect(service().get(item.id).entry).toMatchObject({ state: 'sending', requestStarted: false });

      restart();
      clock.advance(60_000);
      const after = service();
      expect(after.start()).toEqual([item.id]);
      expect(after.get(item.id).entry).toMatchObject({
        state: 'queued',
        sendAfter: clock.now().toISOString(),
        attempts: 0,
        messageUUID: item.entry.messageUUID,
      });
      expect(history().at(-1)).toMatchObject({
        kind: 'outbox.interrupted',
        details: { from: 'sending', to: 'queued', cause: 'crash_before_request' },
      });
      expect((await after.tick()).sent).toEqual([item.id]);
      clock.advance(60 * 60_000);
      await after.tick();
      expect(after.start()).toEqual([]);
      expect(connector.lookups).toEqual([]);
      expect(connector.sends.map((m) => m.messageUUID)).toEqual([item.entry.messageUUID]);
      expect(after.get(item.id).entry).toMatchObject({ state: 'sent', receipt: RECEIPT });
      expect(kinds()).toEqual([
        'outbox.submit',
        'outbox.claim',
        'outbox.interrupted',
        'outbox.claim',
        'outbox.request_started',
        'outbox.delivered',
      ]);
    });

    it('before the request of a retry: its attempts are kept, neither used nor refunded', async () => {
      const { item } = service().accept(input({ delayMs: 0 }));
      connector.sendScript = [serverError, serverError];
      const first = service();
      await first.tick();
      clock.advance(5_000);
      await first.tick();
      expect(first.get(item.id).entry).toMatchObject({ state: 'failed_retryable', attempts: 2 });
      clock.advance(10_000);
      await crashBeforeRequest();
      restart();
      const after = service();
      expect(after.start()).toEqual([item.id]);
      expect(after.get(item.id).entry).toMatchObject({ state: 'queued', attempts: 2 });
      connector.sendScript = [serverError];
      await after.tick();
      expect(after.get(item.id).entry).toMatchObject({ state: 'failed_retryable', attempts: 3 });
      expect(connector.sends).toHaveLength(3);
      expect(connector.lookups).toEqual([]);
    });

    it('after the request started: unknown, looked up, sent, and never sent again', async () => {
      const { item } = service().accept(input({ delayMs: 0 }));
      expect((await crashAfterRequestStarted()).messageUUID).toBe(item.entry.messageUUID);
      expect(service().get(item.id).entry).toMatchObject({ state: 'sending', requestStarted: true });

      restart();
      const after = service();
      expect(after.start()).toEqual([item.id]);
      expect(after.get(item.id).entry).toMatchObject({ state: 'unknown', requestStarted: false });
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
        'outbox.request_started',
        'outbox.interrupted',
        'outbox.lookup_delivered',
      ]);
      expect(history()[3]?.details).toMatchObject({ cause: 'crash', from: 'sending', to: 'unknown' });
    });

    it('after the request started: resent only when the look-up says it never arrived, with the same UUID', async () => {
      const { item } = service().accept(input({ delayMs: 0 }));
      await crashAfterRequestStarted();
      restart();
      const after = service();
      expect(after.start()).toEqual([item.id]);
      connector.lookupScript = [{ kind: 'not_received' }];
      await after.tick();
      expect(connector.lookups).toEqual([item.entry.messageUUID]);
      expect(connector.sends.map((m) => m.messageUUID)).toEqual([item.entry.messageUUID]);
      expect(after.get(item.id).entry.state).toBe('sent');
    });

    it('a row left in sending by a version before request_started is looked up, never resent blind', async () => {
      const { item } = service().accept(input({ delayMs: 0 }));
      await crashAfterRequestStarted();
      // As that version stored it: claimed, with no requestStarted field (its request may well have been written).
      const { requestStarted: _gone, ...old } = service().get(item.id).entry;
      store.db.prepare('UPDATE outbox SET entry = ? WHERE id = ?').run(JSON.stringify(old), item.id);
      restart();
      const after = service();
      expect(after.start()).toEqual([item.id]);
      expect(after.get(item.id).entry.state).toBe('unknown');
      connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];
      await after.tick();
      expect(connector.sends).toEqual([]);
      expect(after.get(item.id).entry.state).toBe('sent');
    });

    it('keeps a queued send across a restart inside the delay window: neither lost nor sent early', async () => {
      const { item } = service().accept(input());
      clock.advance(10_000);
      restart();
      const after = service();
      expect(after.start()).toEqual([]);
      await after.tick();
      expect(connector.sends).toHaveLength(0);
      expect(after.get(item.id).entry.state).toBe('queued');
      expect(after.nextDueAt()).toBe('2026-11-28T09:00:30.000Z');
      clock.advance(20_000);
      expect((await after.tick()).sent).toEqual([item.id]);
    });
  });

  describe('unknown: looked up by UUID', () => {
    it('turns a dropped connection into unknown, never a blind resend', async () => {
      const outbox = service();
      const { item } = outbox.accept(input({ delayMs: 0 }));
      connector.sendScript = [{ kind: 'interrupted', message: 'socket hang up' }];
      connector.lookupScript = [unreachable];
      expect((await outbox.tick()).unknown).toEqual([item.id]);
      expect(outbox.get(item.id).entry).toMatchObject({
        state: 'unknown',
        lastError: { kind: 'interrupted' },
      });
      expect(history().at(-1)?.details).toMatchObject({ cause: 'connection_lost' });
      await outbox.tick();
      expect(connector.sends).toHaveLength(1);
    });

    it('an unreachable look-up changes nothing and is asked again on the next tick', async () => {
      const outbox = service();
      const { item } = outbox.accept(input({ delayMs: 0 }));
      connector.sendScript = [{ kind: 'interrupted', message: 'socket hang up' }];
      await outbox.tick();
      const unknown = outbox.get(item.id);
      const historyBefore = kinds();
      connector.lookupScript = [unreachable, unreachable, unreachable];
      for (let n = 1; n <= 3; n++) {
        const report = await outbox.tick();
        expect(report.lookedUp).toEqual([]);
        expect(connector.lookups).toEqual(Array(n).fill(item.entry.messageUUID));
        expect(outbox.get(item.id)).toEqual(unknown);
        expect(kinds()).toEqual(historyBefore);
      }
      // A connector that throws is unreachable too.
      connector.lookup = async (uuid) => {
        connector.lookups.push(uuid);
        throw new Error('ECONNRESET');
      };
      await outbox.tick();
      expect(connector.lookups).toHaveLength(4);
      expect(outbox.get(item.id)).toEqual(unknown);
      expect(connector.sends).toHaveLength(1);
      // Once it answers, its answer decides.
      connector.lookup = FakeConnector.prototype.lookup.bind(connector);
      connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];
      expect((await outbox.tick()).lookedUp).toEqual([item.id]);
      expect(outbox.get(item.id).entry.state).toBe('sent');
      expect(connector.sends).toHaveLength(1);
    });

    it('unavailable: needs attention, is not asked again, and a person resolves it (delivered / resend)', async () => {
      const outbox = service();
      const a = outbox.accept(input({ delayMs: 0 })).item;
      const b = outbox.accept(input({ recipientPartyId: 'p2', delayMs: 0 })).item;
      connector.sendScript = [
        { kind: 'interrupted', message: 'socket hang up' },
        { kind: 'interrupted', message: 'socket hang up' },
      ];
      await outbox.tick();
      // While a look-up is possible, its answer decides: a person's resolution is refused and changes nothing.
      const tooSoon = outbox.resolve(a.id, 'delivered', 'leder-1', 'gætter');
      expect(tooSoon.ok ? null : tooSoon.refusal.reason).toContain('Vent på svaret');
      expect(outbox.get(a.id).entry).toMatchObject({ state: 'unknown', needsAttention: false });

      connector.lookupScript = [unavailable, unavailable];
      const report = await outbox.tick();
      expect(report.lookedUp.sort()).toEqual([a.id, b.id].sort());
      for (const id of [a.id, b.id])
        expect(outbox.get(id).entry).toMatchObject({ state: 'unknown', needsAttention: true });
      clock.advance(60 * 60_000);
      await outbox.tick();
      expect(connector.lookups).toHaveLength(2);
      expect(connector.sends).toHaveLength(2);

      const delivered = outbox.resolve(a.id, 'delivered', 'leder-1', 'Borger bekræfter modtagelse');
      expect(delivered.ok && delivered.item.entry).toMatchObject({ state: 'sent', needsAttention: false });
      const resend = outbox.resolve(b.id, 'resend', 'leder-2', 'Ikke i modtagerens postkasse');
      expect(resend.ok && resend.item.entry).toMatchObject({
        state: 'queued',
        sendAfter: clock.now().toISOString(),
        messageUUID: b.entry.messageUUID,
      });
      const decisions = history().filter((e) => e.kind.startsWith('outbox.resolve'));
      expect(decisions).toEqual([
        expect.objectContaining({
          kind: 'outbox.resolve_delivered',
          actor: USER,
          details: expect.objectContaining({
            by: 'leder-1',
            reason: 'Borger bekræfter modtagelse',
            outboxId: a.id,
            messageUUID: a.entry.messageUUID,
            from: 'unknown',
            to: 'sent',
          }),
        }),
        expect.objectContaining({
          kind: 'outbox.resolve_resend',
          actor: USER,
          details: expect.objectContaining({
            by: 'leder-2',
            reason: 'Ikke i modtagerens postkasse',
            outboxId: b.id,
            messageUUID: b.entry.messageUUID,
            from: 'unknown',
            to: 'queued',
          }),
        }),
      ]);
      // Resolved once: a second resolution is refused.
      expect(outbox.resolve(a.id, 'resend', 'leder-1', 'igen').ok).toBe(false);

      expect((await outbox.tick()).sent).toEqual([b.id]);
      await outbox.tick();
      // Both once (in either order: they were accepted at the same instant), then b again, with its own UUID.
      const uuids = connector.sends.map((m) => m.messageUUID);
      expect(uuids.slice(0, 2).sort()).toEqual([a.entry.messageUUID, b.entry.messageUUID].sort());
      expect(uuids.slice(2)).toEqual([b.entry.messageUUID]);
      expect(outbox.get(a.id).entry).toMatchObject({ state: 'sent', receipt: null });
      expect(outbox.get(b.id).entry).toMatchObject({ state: 'sent', receipt: RECEIPT });
    });
  });
});
