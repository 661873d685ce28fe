import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/sqlite';
import type { Clock, Logger } from '../ports';
import type { OutboxService, TickReport } from './outbox.service';

/**
 * The outbox's worker (docs/outbox.md, "The worker"): the one loop in one process that sends. Several processes may
 * open the same store (the app, a `sendeassistent send` run); only the holder of the lease in `outbox_worker` claims
 * rows. So a row in `sending` always belongs to the lease holder, and a process that takes the lease over from a
 * dead holder may treat every row it finds in `sending` as cut off mid-request (recovery: `unknown`, then a look-up).
 *
 * The holder is dead when its process is gone (same host: its pid no longer runs, or it is this process's pid with
 * another owner token that no longer lives here), or when its heartbeat is older than `staleMs` (another host, or a
 * pid reused by an unrelated process). The heartbeat has its own timer, so a request that takes long does not make
 * the holder look dead.
 */

export interface OutboxWorkerOptions {
  db: Db;
  outbox: OutboxService;
  clock: Clock;
  logger: Logger;
  /** Heartbeat interval (default 5 s). */
  heartbeatMs?: number;
  /** A heartbeat older than this means the holder is gone (default 30 s). */
  staleMs?: number;
  /** How often to look for work accepted by other processes, or to try for the lease (default 2 s). */
  pollMs?: number;
  /** For tests: whether a pid runs on this host. */
  isAlive?: (pid: number) => boolean;
}

interface LeaseRow {
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

/** Owner tokens of the workers alive in this process: a lease with our pid and another token is dead or ours. */
const liveOwners = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** At most this many ticks in one cycle: a connector that keeps dropping connections cannot spin the loop. */
const MAX_TICKS_PER_CYCLE = 10;

const progressed = (r: TickReport): boolean =>
  r.sent.length + r.failed.length + r.unknown.length + r.lookedUp.length > 0;

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { db, outbox, clock, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleMs = options.staleMs ?? 30_000;
  const pollMs = options.pollMs ?? 2_000;
  const isAlive = options.isAlive ?? pidAlive;
  const owner = randomUUID();
  const me = { pid: process.pid, host: hostname() };
  liveOwners.add(owner);

  const read = db.prepare(
    'SELECT owner, pid, host, acquired_at, heartbeat_at FROM outbox_worker WHERE id = 1',
  );
  const take = db.prepare(
    `INSERT INTO outbox_worker (id, owner, pid, host, acquired_at, heartbeat_at) VALUES (1, @owner, @pid, @host, @now, @now)
     ON CONFLICT(id) DO UPDATE SET owner = @owner, pid = @pid, host = @host, acquired_at = @now, heartbeat_at = @now`,
  );
  const beat = db.prepare('UPDATE outbox_worker SET heartbeat_at = ? WHERE id = 1 AND owner = ?');
  const drop = db.prepare('DELETE FROM outbox_worker WHERE id = 1 AND owner = ?');

  function holderGone(row: LeaseRow): boolean {
    const age = clock.now().getTime() - Date.parse(row.heartbeat_at);
    if (row.host === me.host) {
      if (row.pid === me.pid) return !liveOwners.has(row.owner);
      if (!isAlive(row.pid)) return true;
    }
    return !(age < staleMs);
  }

  /**
   * Takes or keeps the lease in one immediate transaction. `held`: this worker holds it afterwards; `taken`: it has
   * just taken it (it was free, or its holder gone), so any row in `sending` was left by a holder that is gone.
   */
  const acquire = db.transaction((): { held: boolean; taken: boolean; takenFrom: LeaseRow | null } => {
    const row = read.get() as LeaseRow | undefined;
    const now = clock.now().toISOString();
    if (row?.owner === owner) {
      beat.run(now, owner);
      return { held: true, taken: false, takenFrom: null };
    }
    if (row && !holderGone(row)) return { held: false, taken: false, takenFrom: null };
    take.run({ owner, pid: me.pid, host: me.host, now });
    return { held: true, taken: true, takenFrom: row ?? null };
  });

  let held = false;
  /**
   * Rows in `sending` are to be recovered before the next tick: each time the lease is taken (the rows of a holder
   * that is gone, also when this worker held the lease before it and lost it), and after a cycle of ours that failed
   * (its request has ended, but its outcome may not have been committed).
   */
  let mustRecover = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let cycling: Promise<void> | null = null;
  let again = false;

  function stop(): void {
    closed = true;
    if (timer) clearTimeout(timer);
    if (heartbeat) clearInterval(heartbeat);
    timer = null;
    heartbeat = null;
  }

  function tryLease(): boolean {
    const result = acquire.immediate();
    if (result.taken) {
      mustRecover = true;
      logger.info('outbox worker lease taken', {
        previousPid: result.takenFrom?.pid ?? null,
        previousHost: result.takenFrom ? result.takenFrom.host === me.host : null,
      });
    }
    held = result.held;
    return held;
  }

  /** One cycle: hold the lease, recover when needed, then tick until nothing moves (bounded). */
  async function cycle(): Promise<TickReport[]> {
    const reports: TickReport[] = [];
    if (closed || !tryLease()) return reports;
    if (mustRecover) {
      const moved = outbox.start();
      mustRecover = false;
      if (moved.length > 0) logger.info('outbox recovered rows cut off mid-request', { count: moved.length });
    }
    try {
      for (let i = 0; i < MAX_TICKS_PER_CYCLE && !closed; i++) {
        const report = await outbox.tick();
        reports.push(report);
        if (!progressed(report)) break;
      }
    } catch (error) {
      mustRecover = true;
      throw error;
    }
    return reports;
  }

  /**
   * Runs one cycle as the one under way, so `close` waits for it, `abandon` keeps the lease during it and `run`
   * defers to it; then what was asked for meanwhile, and (for the loop) the next cycle is scheduled.
   */
  function track(loop: boolean): Promise<TickReport[]> {
    const current = cycle();
    const settled = current.then(
      () => undefined,
      () => undefined,
    );
    cycling = settled;
    void settled.then(() => {
      if (cycling !== settled) return;
      cycling = null;
      if (again) {
        again = false;
        run();
      } else if (loop) schedule();
    });
    return current;
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const next = held ? outbox.nextDueAt() : null;
    const untilDue = next === null ? pollMs : Date.parse(next) - clock.now().getTime();
    const wait = Math.max(0, Math.min(pollMs, untilDue));
    timer = setTimeout(() => {
      timer = null;
      run();
    }, wait);
    timer.unref?.();
  }

  /** Runs a cycle now, or right after the one under way; then schedules the next. */
  function run(): void {
    if (closed) return;
    if (cycling) {
      again = true;
      return;
    }
    track(true).catch((error: unknown) => {
      logger.error('outbox worker cycle failed', {
        error: error instanceof Error ? error.name : 'error',
      });
    });
  }

  return {
    /** Starts the loop (and the heartbeat). Returns at once; the first cycle runs in the background. */
    start(): void {
      if (closed || heartbeat) return;
      heartbeat = setInterval(() => {
        if (held && !closed) beat.run(clock.now().toISOString(), owner);
      }, heartbeatMs);
      heartbeat.unref?.();
      run();
    },

    /** Something changed (a send accepted, cancelled, retried): look at the queue now rather than at the next poll. */
    kick(): void {
      run();
    },

    /**
     * One cycle now, awaited, without the timers: the CLI and tests drive the worker with it. Returns the ticks'
     * reports (empty when another process holds the lease).
     */
    async runOnce(): Promise<TickReport[]> {
      while (cycling) await cycling;
      if (closed) return [];
      return track(false);
    },

    /** Whether this worker held the lease at its last attempt. */
    holdsLease(): boolean {
      return held;
    },

    /** Stops the loop, waits for a request under way to end, and gives the lease back. */
    async close(): Promise<void> {
      stop();
      try {
        while (cycling) await cycling;
        if (held) drop.run(owner);
      } finally {
        held = false;
        liveOwners.delete(owner);
      }
    },

    /**
     * Stops at once, for a process about to close its store. The lease is given back only when no request is under
     * way; otherwise it is left to expire (the next holder then recovers the row as unknown and looks it up).
     */
    abandon(): void {
      stop();
      try {
        if (held && !cycling) drop.run(owner);
      } catch {
        // The store is already closed: the lease expires with this process.
      } finally {
        held = false;
        liveOwners.delete(owner);
      }
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
