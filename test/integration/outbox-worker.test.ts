import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  SendOutcome,
} from '../../src/backend/connectors/connector';
import {
  ATTEMPT_LOG,
  startSandboxServer,
  type SandboxAttempt,
  type SandboxServer,
} from '../../src/backend/connectors/sandbox/sandbox-server';
import type { Db } from '../../src/backend/db/sqlite';
import { openStore, type Store } from '../../src/backend/db/store';
import { systemClock, type Clock } from '../../src/backend/ports';
import { createAuditService, type AuditService } from '../../src/backend/services/audit.service';
import { createOutboxWorker, type OutboxWorker } from '../../src/backend/services/outbox-worker';
import {
  createOutboxService,
  type OutboxItem,
  type OutboxService,
} from '../../src/backend/services/outbox.service';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../support/fakes';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

const RECEIPT = {
  reference: 'T-1',
  receivedAt: '2026-11-28T09:00:31.000Z',
  text: 'Afleveret til Digital Post',
};
const STALE_MS = 30_000;
/** Pids no process on this machine has (Linux caps pids at 2^22); `isAlive` is injected for them anyway. */
const DEAD_PID = 4_194_401;
const LIVE_PID = 4_194_402;

/**
 * A connector that records every call and answers sends from a script (then `accepted`) and look-ups from a script
 * (then `not_received`). `hold()` makes the next send wait until the test answers it.
 */
class FakeConnector implements Connector {
  readonly kind = 'sandbox' as const;
  readonly sends: OutgoingMessage[] = [];
  readonly lookups: string[] = [];
  sendScript: SendOutcome[] = [];
  lookupScript: LookupOutcome[] = [];
  private held: { started: (m: OutgoingMessage) => void; answer: Promise<SendOutcome> } | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];

  /** The next send waits for `answer`; `started` resolves with its message once the request is made. */
  hold(): { started: Promise<OutgoingMessage>; answer: (outcome: SendOutcome) => void } {
    let answer!: (outcome: SendOutcome) => void;
    let started!: (m: OutgoingMessage) => void;
    const startedPromise = new Promise<OutgoingMessage>((resolve) => (started = resolve));
    this.held = { started, answer: new Promise<SendOutcome>((resolve) => (answer = resolve)) };
    return { started: startedPromise, answer };
  }

  /** Resolves once `count` sends have been made. */
  sendsReach(count: number): Promise<void> {
    if (this.sends.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.sends.push(message);
    for (const w of this.waiters.filter((w) => this.sends.length >= w.count)) w.resolve();
    const held = this.held;
    if (held) {
      this.held = null;
      held.started(message);
      return held.answer;
    }
    return this.sendScript.shift() ?? { kind: 'accepted', receipt: RECEIPT };
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

/** One process's view: its own connection to the store, its own services, connector and worker. */
interface Side {
  store: Store;
  audit: AuditService;
  connector: FakeConnector;
  outbox: OutboxService;
  worker: OutboxWorker;
  logger: MemoryLogger;
}

interface LeaseRow {
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

describe('the outbox worker: one sender across processes', () => {
  let dir: ReturnType<typeof tempDir>;
  let keyStore: FakeKeyStore;
  let clock: FakeClock;
  let sides: Side[];
  /** The seeding side's connection, for reading and writing the lease and rows directly. */
  let first: Db;

  function side(
    options: {
      isAlive?: (pid: number) => boolean;
      pollMs?: number;
      heartbeatMs?: number;
      wrapAudit?: (audit: AuditService) => AuditService;
      /** What the worker is given as the outbox (the side's `outbox` stays the real one). */
      wrapOutbox?: (outbox: OutboxService) => OutboxService;
    } = {},
  ): Side {
    const store = openStore({ dataDir: dir.path, keyStore, logger: new MemoryLogger() });
    const audit = createAuditService(store.db, clock, fakeUser(), () => {});
    const connector = new FakeConnector();
    const outbox = createOutboxService({
      db: store.db,
      audit: options.wrapAudit ? options.wrapAudit(audit) : audit,
      clock,
      connector,
    });
    const logger = new MemoryLogger();
    const worker = createOutboxWorker({
      db: store.db,
      outbox: options.wrapOutbox ? options.wrapOutbox(outbox) : outbox,
      clock,
      logger,
      staleMs: STALE_MS,
      pollMs: options.pollMs ?? 60 * 60_000,
      heartbeatMs: options.heartbeatMs ?? 60 * 60_000,
      ...(options.isAlive ? { isAlive: options.isAlive } : {}),
    });
    const s = { store, audit, connector, outbox, worker, logger };
    sides.push(s);
    return s;
  }

  const lease = (): LeaseRow | undefined =>
    first
      .prepare('SELECT owner, pid, host, acquired_at, heartbeat_at FROM outbox_worker WHERE id = 1')
      .get() as LeaseRow | undefined;
  function writeLease(holder: { pid: number; host?: string; owner?: string }): LeaseRow {
    const row = {
      owner: holder.owner ?? randomUUID(),
      pid: holder.pid,
      host: holder.host ?? hostname(),
      acquired_at: clock.now().toISOString(),
      heartbeat_at: clock.now().toISOString(),
    };
    first
      .prepare(
        `INSERT OR REPLACE INTO outbox_worker (id, owner, pid, host, acquired_at, heartbeat_at)
         VALUES (1, @owner, @pid, @host, @acquired_at, @heartbeat_at)`,
      )
      .run(row);
    return row;
  }
  const state = (id: string) => sides[0]!.outbox.get(id).entry;

  function accept(outbox: OutboxService, recipientPartyId: string, delayMs = 0): OutboxItem {
    return outbox.accept({
      draftId: 'd1',
      recipientPartyId,
      channel: 'digital',
      postalAddress: null,
      memoXml: '<memo:Message/>',
      messageUUID: randomUUID(),
      approvalRequired: false,
      delayMs,
    }).item;
  }

  /** A process that claimed the row, committed request_started and died with the request in flight. */
  async function leftStarted(recipientPartyId: string): Promise<OutboxItem> {
    const item = accept(sides[0]!.outbox, recipientPartyId);
    const dying = new FakeConnector();
    const { started } = dying.hold();
    void createOutboxService({ db: first, audit: sides[0]!.audit, clock, connector: dying }).tick();
    await started;
    expect(state(item.id)).toMatchObject({ state: 'sending', requestStarted: true });
    return item;
  }

  /** A process that committed the claim and died before request_started: nothing was sent. */
  async function leftClaimed(recipientPartyId: string): Promise<OutboxItem> {
    const item = accept(sides[0]!.outbox, recipientPartyId);
    const base = sides[0]!.audit;
    const audit: AuditService = {
      ...base,
      append(kind, caseNumber, details) {
        if (kind === 'outbox.request_started') throw new Error('killed');
        return base.append(kind, caseNumber, details);
      },
    };
    const dying = new FakeConnector();
    await expect(createOutboxService({ db: first, audit, clock, connector: dying }).tick()).rejects.toThrow(
      'killed',
    );
    expect(dying.sends).toEqual([]);
    expect(state(item.id)).toMatchObject({ state: 'sending', requestStarted: false });
    return item;
  }

  beforeEach(() => {
    dir = tempDir();
    keyStore = new FakeKeyStore();
    clock = new FakeClock();
    sides = [];
    // The first side is only the seeding process: its worker never runs.
    const seed = side();
    first = seed.store.db;
    first
      .prepare("INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')")
      .run();
    first
      .prepare(
        `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
         VALUES ('d1', 'a', 'x.pdf', 'S-1', 'draft', '{}', '[]', 'x', 'now', 'now')`,
      )
      .run();
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const s of sides) s.worker.abandon();
    for (const s of sides) s.store.close();
    dir.cleanup();
  });

  it('only one worker holds the lease; the other sends nothing and recovers nothing', async () => {
    const a = side();
    const b = side();
    expect(await a.worker.runOnce()).toHaveLength(1);
    expect(a.worker.holdsLease()).toBe(true);
    expect(lease()).toMatchObject({ pid: process.pid, host: hostname() });
    const holder = lease()?.owner;

    const one = accept(b.outbox, 'p1');
    const two = accept(b.outbox, 'p2');
    expect(await b.worker.runOnce()).toEqual([]);
    expect(b.worker.holdsLease()).toBe(false);
    expect(b.connector.sends).toEqual([]);
    expect(b.connector.lookups).toEqual([]);
    expect([state(one.id).state, state(two.id).state]).toEqual(['queued', 'queued']);
    expect(lease()?.owner).toBe(holder);

    const reports = await a.worker.runOnce();
    expect(reports[0]?.sent.sort()).toEqual([one.id, two.id].sort());
    expect(a.connector.sends.map((m) => m.messageUUID).sort()).toEqual(
      [one.entry.messageUUID, two.entry.messageUUID].sort(),
    );
    expect(await b.worker.runOnce()).toEqual([]);
    expect(b.connector.sends).toEqual([]);
  });

  it('when the holder closes, the other takes over at once', async () => {
    const a = side();
    const b = side();
    await a.worker.runOnce();
    const item = accept(b.outbox, 'p1');
    expect(await b.worker.runOnce()).toEqual([]);

    await a.worker.close();
    expect(lease()).toBeUndefined();
    expect(a.worker.holdsLease()).toBe(false);
    expect(await a.worker.runOnce()).toEqual([]);

    const reports = await b.worker.runOnce();
    expect(reports[0]?.sent).toEqual([item.id]);
    expect(b.worker.holdsLease()).toBe(true);
    expect(lease()).toMatchObject({ pid: process.pid, host: hostname() });
    expect(b.logger.lines.some((l) => l.includes('outbox worker lease taken'))).toBe(true);
    expect(a.connector.sends).toEqual([]);
  });

  it('a lease whose pid is dead is taken over at once, and the rows it left in sending are recovered', async () => {
    writeLease({ pid: DEAD_PID });
    const started = await leftStarted('p1');
    const claimed = await leftClaimed('p2');
    const asked: number[] = [];
    const b = side({
      isAlive: (pid) => {
        asked.push(pid);
        return pid !== DEAD_PID;
      },
    });
    b.connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];

    const reports = await b.worker.runOnce();
    expect(asked).toContain(DEAD_PID);
    expect(b.worker.holdsLease()).toBe(true);
    expect(lease()?.pid).toBe(process.pid);
    // Its request may have arrived: looked up, found, never sent again.
    expect(b.connector.lookups).toEqual([started.entry.messageUUID]);
    expect(state(started.id)).toMatchObject({ state: 'sent', receipt: RECEIPT });
    // Never requested: back in the queue and sent, once, with its own UUID.
    expect(b.connector.sends.map((m) => m.messageUUID)).toEqual([claimed.entry.messageUUID]);
    expect(state(claimed.id).state).toBe('sent');
    expect(reports.flatMap((r) => r.sent)).toEqual([claimed.id]);
    const recovered = b.audit
      .list({ limit: 100 })
      .filter((e) => e.kind === 'outbox.interrupted')
      .map((e) => [e.details.outboxId, e.details.cause]);
    expect(recovered.sort()).toEqual(
      [
        [started.id, 'crash'],
        [claimed.id, 'crash_before_request'],
      ].sort(),
    );
  });

  it('a live holder on the same host is not taken over, and the rows it has in sending are left alone', async () => {
    const holder = writeLease({ pid: LIVE_PID });
    const started = await leftStarted('p1');
    const b = side({ isAlive: () => true });
    clock.advance(STALE_MS - 1);
    expect(await b.worker.runOnce()).toEqual([]);
    expect(b.worker.holdsLease()).toBe(false);
    expect(lease()).toEqual(holder);
    expect(state(started.id)).toMatchObject({ state: 'sending', requestStarted: true });
    expect(b.connector.lookups).toEqual([]);
    expect(b.connector.sends).toEqual([]);
  });

  it('a worker alive in this process is not taken over, whatever isAlive says, until it closes', async () => {
    const a = side();
    await a.worker.runOnce();
    const b = side({ isAlive: () => false });
    clock.advance(10 * STALE_MS);
    expect(await b.worker.runOnce()).toEqual([]);
    await a.worker.close();
    expect(await b.worker.runOnce()).toHaveLength(1);
  });

  it("this pid's lease with an owner no longer alive in this process is taken over at once", async () => {
    writeLease({ pid: process.pid, owner: randomUUID() });
    const started = await leftStarted('p1');
    const b = side({ isAlive: () => true });
    await b.worker.runOnce();
    expect(b.worker.holdsLease()).toBe(true);
    expect(b.connector.lookups).toEqual([started.entry.messageUUID]);
  });

  it('a stale heartbeat is taken over; a fresh one is not, and another host is never asked about its pid', async () => {
    const holder = writeLease({ pid: 1, host: 'another-host.example' });
    const started = await leftStarted('p1');
    const asked: number[] = [];
    const b = side({
      isAlive: (pid) => {
        asked.push(pid);
        return false;
      },
    });
    clock.advance(STALE_MS - 1);
    expect(await b.worker.runOnce()).toEqual([]);
    expect(lease()).toEqual(holder);
    expect(state(started.id).state).toBe('sending');

    clock.advance(1);
    expect(await b.worker.runOnce()).not.toEqual([]);
    expect(asked).toEqual([]);
    expect(lease()).toMatchObject({
      pid: process.pid,
      host: hostname(),
      heartbeat_at: clock.now().toISOString(),
    });
    expect(b.connector.lookups).toEqual([started.entry.messageUUID]);
  });

  it('a stale heartbeat on this host is taken over even when its pid runs (reused by another program)', async () => {
    writeLease({ pid: LIVE_PID });
    const b = side({ isAlive: () => true });
    clock.advance(STALE_MS);
    expect(await b.worker.runOnce()).toHaveLength(1);
    expect(b.worker.holdsLease()).toBe(true);
  });

  it('the heartbeat keeps the lease fresh on its own timer, also while a request is in flight', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const a = side({ heartbeatMs: 5_000 });
    accept(a.outbox, 'p1');
    const { started, answer } = a.connector.hold();
    a.worker.start();
    await started;
    clock.advance(STALE_MS * 2);
    expect(lease()?.heartbeat_at).not.toBe(clock.now().toISOString());
    vi.advanceTimersByTime(5_000);
    expect(lease()?.heartbeat_at).toBe(clock.now().toISOString());
    answer({ kind: 'accepted', receipt: RECEIPT });
    await a.worker.close();
    expect(lease()).toBeUndefined();
  });

  it(
    'start() runs a cycle at once, and kick() sends what comes later without waiting for the poll',
    { timeout: 10_000 },
    async () => {
      let ticks = 0;
      let ticked: () => void = () => {};
      const a = side({
        pollMs: 60 * 60_000,
        wrapOutbox: (outbox) => ({
          ...outbox,
          tick: async () => {
            const report = await outbox.tick();
            ticks++;
            ticked();
            return report;
          },
        }),
      });
      const ticksReach = (n: number) =>
        ticks >= n
          ? Promise.resolve()
          : new Promise<void>((resolve) => (ticked = () => ticks >= n && resolve()));
      const one = accept(a.outbox, 'p1');
      a.worker.start();
      // The first cycle: a tick that sends, and one that finds nothing more. Then the next poll is an hour away.
      await ticksReach(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(a.connector.sends.map((m) => m.messageUUID)).toEqual([one.entry.messageUUID]);
      const two = accept(a.outbox, 'p2');
      a.worker.kick();
      await a.connector.sendsReach(2);
      await a.worker.close();
      expect(a.connector.sends.map((m) => m.messageUUID)).toEqual([
        one.entry.messageUUID,
        two.entry.messageUUID,
      ]);
      expect([state(one.id).state, state(two.id).state]).toEqual(['sent', 'sent']);
    },
  );

  it('abandon() with no cycle in flight gives the lease back', async () => {
    const a = side();
    const b = side();
    await a.worker.runOnce();
    expect(lease()).toBeDefined();
    a.worker.abandon();
    expect(lease()).toBeUndefined();
    expect(a.worker.holdsLease()).toBe(false);
    const item = accept(b.outbox, 'p1');
    expect((await b.worker.runOnce())[0]?.sent).toEqual([item.id]);
  });

  it('abandon() during a request keeps the lease; the next holder recovers the row by look-up, not by resending', async () => {
    const a = side();
    const item = accept(a.outbox, 'p1');
    const { started, answer } = a.connector.hold();
    const cycle = a.worker.runOnce();
    await started;
    const held = lease();
    a.worker.abandon();
    expect(lease()).toEqual(held);

    // The same pid, but that owner no longer lives here: taken over at once, and the row is looked up.
    const b = side();
    b.connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];
    await b.worker.runOnce();
    expect(b.worker.holdsLease()).toBe(true);
    expect(b.connector.lookups).toEqual([item.entry.messageUUID]);
    expect(b.connector.sends).toEqual([]);
    expect(state(item.id).state).toBe('sent');
    // The abandoned request's late answer changes nothing.
    answer({ kind: 'accepted', receipt: RECEIPT });
    await cycle;
    expect(state(item.id).state).toBe('sent');
  });

  it('close() waits for the request under way before giving the lease back', async () => {
    const a = side();
    const b = side();
    const item = accept(a.outbox, 'p1');
    const { started, answer } = a.connector.hold();
    const cycle = a.worker.runOnce();
    await started;
    let closed = false;
    const closing = a.worker.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    expect(lease()?.pid).toBe(process.pid);
    // Meanwhile another worker may not take over and recover the row as cut off (it would resend it).
    expect(await b.worker.runOnce()).toEqual([]);
    expect(b.connector.lookups).toEqual([]);

    answer({ kind: 'accepted', receipt: RECEIPT });
    await closing;
    await cycle;
    expect(lease()).toBeUndefined();
    expect(state(item.id).state).toBe('sent');
    await b.worker.runOnce();
    expect(b.connector.sends).toEqual([]);
  });

  it('a worker that gets the lease back from a holder that died recovers the rows that holder left', async () => {
    const b = side({ isAlive: (pid) => pid !== DEAD_PID });
    await b.worker.runOnce();
    // Meanwhile another process took the lease (b looked stale to it), claimed a row and died mid-request.
    writeLease({ pid: DEAD_PID });
    const started = await leftStarted('p1');
    await b.worker.runOnce();
    expect(b.worker.holdsLease()).toBe(true);
    expect(b.connector.lookups).toEqual([started.entry.messageUUID]);
    expect(state(started.id).state).toBe('sent');
  });

  it('after a cycle that failed, the rows it left in sending are recovered before anything else is sent', async () => {
    let failOnce = true;
    const a = side({
      wrapAudit: (audit) => ({
        ...audit,
        append(kind, caseNumber, details) {
          if (kind === 'outbox.delivered' && failOnce) {
            failOnce = false;
            throw new Error('disk I/O error');
          }
          return audit.append(kind, caseNumber, details);
        },
      }),
    });
    const item = accept(a.outbox, 'p1');
    await expect(a.worker.runOnce()).rejects.toThrow('disk I/O error');
    // The connector took it, but the outcome was never committed.
    expect(state(item.id)).toMatchObject({ state: 'sending', requestStarted: true });
    a.connector.lookupScript = [{ kind: 'delivered', receipt: RECEIPT }];
    await a.worker.runOnce();
    expect(a.connector.lookups).toEqual([item.entry.messageUUID]);
    expect(a.connector.sends).toHaveLength(1);
    expect(state(item.id).state).toBe('sent');
  });
});

/** A worker process (fixtures-outbox/worker-process.ts) and the JSON lines it prints. */
interface Child {
  proc: ChildProcessWithoutNullStreams;
  events: Record<string, unknown>[];
  stderr: string[];
  waitFor(match: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const WORKER_SCRIPT = join(REPO_ROOT, 'test/integration/fixtures-outbox/worker-process.ts');

function spawnWorker(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters = new Set<{
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  proc.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    events.push(event);
    for (const w of [...waiters])
      if (w.match(event)) {
        waiters.delete(w);
        w.resolve(event);
      }
  });
  return {
    proc,
    events,
    stderr,
    exited,
    waitFor(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.add({ match, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`worker exited (${code ?? signal}) first: ${stderr.join('')}`)),
        );
      });
    },
  };
}

describe('two processes, one store, the real sandbox', () => {
  const N = 12;
  let dir: ReturnType<typeof tempDir>;
  let sandboxDir: ReturnType<typeof tempDir>;
  let sandbox: SandboxServer;
  let attempts: SandboxAttempt[];
  let attemptWaiters: { match: (a: SandboxAttempt) => boolean; resolve: () => void }[];
  let secret: Buffer;
  let children: Child[];

  const keyStore = () => new FakeKeyStore(secret);
  /** Resolves once the sandbox has logged an attempt that matches (it reports each one as it is logged). */
  const attemptLogged = (match: (a: SandboxAttempt) => boolean): Promise<void> =>
    attempts.some(match)
      ? Promise.resolve()
      : new Promise((resolve) => attemptWaiters.push({ match, resolve }));
  const deliveriesPerUuid = (): Map<string, number> => {
    const counts = new Map<string, number>();
    const lines = readFileSync(join(sandboxDir.path, ATTEMPT_LOG), 'utf8').trim().split('\n');
    for (const line of lines) {
      const a = JSON.parse(line) as SandboxAttempt;
      if (a.delivered && a.uuid) counts.set(a.uuid, (counts.get(a.uuid) ?? 0) + 1);
    }
    return counts;
  };

  /** The store with N sends queued and due, accepted on the real clock, closed again before the children open it. */
  function seed(): string[] {
    const store = openStore({ dataDir: dir.path, keyStore: keyStore(), logger: new MemoryLogger() });
    try {
      const clock: Clock = systemClock;
      store.db
        .prepare("INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')")
        .run();
      store.db
        .prepare(
          `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
           VALUES ('d1', 'a', 'x.pdf', 'S-1', 'draft', '{}', '[]', 'x', 'now', 'now')`,
        )
        .run();
      const audit = createAuditService(store.db, clock, fakeUser(), () => {});
      const outbox = createOutboxService({ db: store.db, audit, clock, connector: new FakeConnector() });
      return Array.from({ length: N }, (_, i) => {
        const uuid = randomUUID();
        return outbox.accept({
          draftId: 'd1',
          recipientPartyId: `p${i + 1}`,
          channel: 'digital',
          postalAddress: null,
          memoXml: `<memo:Message><memo:MessageHeader><memo:messageUUID>${uuid}</memo:messageUUID></memo:MessageHeader></memo:Message>`,
          messageUUID: uuid,
          approvalRequired: false,
          delayMs: 0,
        }).item.entry.messageUUID;
      });
    } finally {
      store.close();
    }
  }

  function finalRows(): OutboxItem[] {
    const store = openStore({ dataDir: dir.path, keyStore: keyStore(), logger: new MemoryLogger() });
    try {
      const audit = createAuditService(store.db, systemClock, fakeUser(), () => {});
      return createOutboxService({
        db: store.db,
        audit,
        clock: systemClock,
        connector: new FakeConnector(),
      }).list();
    } finally {
      store.close();
    }
  }

  async function startBoth(): Promise<[Child, Child]> {
    const env = { OUTBOX_DATA_DIR: dir.path, OUTBOX_KEY: secret.toString('hex'), SANDBOX_URL: sandbox.url };
    children = [spawnWorker(env), spawnWorker(env)];
    await Promise.all(children.map((c) => c.waitFor((e) => e.event === 'ready')));
    for (const c of children) c.proc.stdin.write('go\n');
    return [children[0]!, children[1]!];
  }

  const sentBy = (c: Child): string[] =>
    c.events.filter((e) => e.event === 'send').map((e) => String(e.uuid));

  beforeEach(async () => {
    dir = tempDir();
    sandboxDir = tempDir('sandbox-');
    secret = randomBytes(32);
    attempts = [];
    attemptWaiters = [];
    children = [];
    sandbox = await startSandboxServer({
      port: 0,
      dataDir: sandboxDir.path,
      refuseDuplicates: false,
      onAttempt: (a) => {
        attempts.push(a);
        for (const w of attemptWaiters.filter((w) => w.match(a))) w.resolve();
      },
    });
  });
  afterEach(async () => {
    for (const c of children)
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await sandbox.close();
    dir.cleanup();
    sandboxDir.cleanup();
  });

  it('both run the worker: only the lease holder sends, and each message is delivered exactly once', async () => {
    const uuids = seed();
    const [x, y] = await startBoth();
    const results = await Promise.all([x.exited, y.exited]);
    expect(results, [...x.stderr, ...y.stderr].join('')).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    const counts = deliveriesPerUuid();
    expect([...counts.keys()].sort()).toEqual([...uuids].sort());
    expect([...counts.values()]).toEqual(Array(N).fill(1));
    // One process sent them all; the other, never holding the lease while there was work, sent none.
    const perChild = [sentBy(x).length, sentBy(y).length].sort((a, b) => a - b);
    expect(perChild).toEqual([0, N]);
    expect(finalRows().map((r) => r.entry.state)).toEqual(Array(N).fill('sent'));
  });

  // Well under the 30 s stale time: the survivor must take over because the holder's pid is dead, not because it waited.
  it(
    'the holder is killed with a request the sandbox stored but never answered: the other takes over, looks it up, and nothing is delivered twice',
    { timeout: 20_000 },
    async () => {
      const uuids = seed();
      // The first delivery is stored and then never answered: the holder waits on it until it is killed.
      const fault = await fetch(`${sandbox.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'store_then_hang', times: 1 }),
      });
      expect(fault.status).toBe(200);
      const [x, y] = await startBoth();
      const hung = await Promise.race(
        [x, y].map((c) =>
          c.waitFor((e) => e.event === 'send').then((e) => ({ child: c, uuid: String(e.uuid) })),
        ),
      );
      const holder = hung.child;
      const other = holder === x ? y : x;
      await attemptLogged((a) => a.uuid === hung.uuid && a.outcome === 'stored_then_hung');
      holder.proc.kill('SIGKILL');
      expect(await holder.exited).toEqual({ code: null, signal: 'SIGKILL' });

      expect(await other.exited, other.stderr.join('')).toEqual({ code: 0, signal: null });
      const counts = deliveriesPerUuid();
      expect([...counts.keys()].sort()).toEqual([...uuids].sort());
      expect([...counts.values()]).toEqual(Array(N).fill(1));
      // The hung message was never requested again: the survivor's look-up found it.
      expect(attempts.filter((a) => a.uuid === hung.uuid).map((a) => a.outcome)).toEqual([
        'stored_then_hung',
      ]);
      expect(sentBy(other)).not.toContain(hung.uuid);
      expect(sentBy(other)).toHaveLength(N - 1);
      expect(
        other.events.some((e) => e.name === 'outbox worker lease taken' && e.previousPid === holder.proc.pid),
      ).toBe(true);
      const rows = finalRows();
      expect(rows.map((r) => r.entry.state)).toEqual(Array(N).fill('sent'));
    },
  );
});
