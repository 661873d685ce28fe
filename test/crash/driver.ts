import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  AFTER_REQUEST,
  CLOCK_SHIFT_MS,
  DELAY_WINDOW_SECONDS,
  KILL_POINTS,
  REPO_ROOT,
  SANDBOX_MAIN,
  SENDER_SCRIPT,
  type InspectResult,
  type KillPoint,
  type SenderConfig,
  type SenderReport,
  type StoreConfig,
} from './protocol';

/**
 * The outbox crash suite's driver (docs/testing.md, "The outbox crash suite"), shared by the CI test
 * (outbox-crash.test.ts) and the long run (scripts/crash-long.ts).
 *
 * Per round: a fresh store with one draft per run (made up front by the real analysis path), the sandbox as its own
 * process (duplicate refusal off, every attempt logged and reported), then one sender process per run. Each sender
 * first restarts (recovery until nothing changes), then submits its draft and goes to its kill point, where the
 * driver kills it with SIGKILL; the next run's sender is the restart. The kill points rotate. At the end: a final
 * recovery, half of the sends left in their delay window cancelled and the other half sent by a restart whose clock
 * is past the window, and the checks. Round `lookup_on` asks the sandbox by UUID; round `lookup_off` runs it with
 * `--no-lookup`. The rounds are independent (own store, own sandbox) and run side by side by default.
 */

export type RoundName = 'lookup_on' | 'lookup_off';
export const ROUNDS: readonly RoundName[] = ['lookup_on', 'lookup_off'];
export const FINAL_STATES = ['sent', 'cancelled', 'failed_permanent', 'unknown', 'other'] as const;
type FinalState = (typeof FINAL_STATES)[number];

export interface CrashSuiteOptions {
  runsPerPoint: number;
  rounds?: readonly RoundName[];
  /** Run the rounds side by side (default true: CI has two cores, and a round is mostly one process at a time). */
  parallel?: boolean;
  /** Where the stores and sandbox folders go; a temp folder (removed afterwards unless `keep`) by default. */
  workDir?: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface PointResult {
  runs: number;
  /** Final states of the rows of this point's runs. */
  states: Record<FinalState, number>;
  /** Deliveries (attempt lines with delivered:true) per UUID: the most any UUID of this point got. */
  maxDeliveries: number;
  /** Milliseconds from a sender's start to the end of its recovery. */
  restartMs: number[];
  /** Milliseconds from a sender's spawn to its end (killed and reaped), as the driver sees it. */
  runMs: number[];
}

export interface RoundResult {
  round: RoundName;
  lookup: boolean;
  points: Record<KillPoint, PointResult>;
  /** UUIDs the driver saw accepted (each report arrived after the accept's commit). */
  seenAccepted: number;
  rows: number;
  /** UUIDs with more than one delivery: must be 0. */
  duplicateDeliveries: number;
  attemptOutcomes: Record<string, number>;
  audit: InspectResult['audit'] | null;
  processes: number;
  wallMs: number;
  problems: string[];
}

export interface CrashSuiteResult {
  runsPerPoint: number;
  parallel: boolean;
  rounds: RoundResult[];
  wallMs: number;
  problems: string[];
}

interface ChildOutcome {
  reports: SenderReport[];
  code: number | null;
  signal: NodeJS.Signals | null;
  killedByUs: boolean;
  timedOut: boolean;
  stderr: string;
}

interface ChildHandle {
  readonly pid: number | undefined;
  kill(): void;
  done: Promise<ChildOutcome>;
}

/** A sender.ts process spawned ahead: it loads its modules and waits for its configuration on stdin. */
interface WarmChild {
  readonly pid: number | undefined;
  /** Hands it its configuration; `onReport` sees each fd-3 report as it arrives. */
  begin(
    cfg: SenderConfig,
    onReport: (report: SenderReport, child: ChildHandle) => void,
    timeoutMs: number,
  ): ChildHandle;
  /** Ends it unused. */
  discard(): Promise<void>;
}

/** Every child alive, so that a driver that dies (a test timeout) takes none of them with it into the void. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of alive) proc.kill('SIGKILL');
});

function spawnSender(): WarmChild {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', SENDER_SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
  });
  alive.add(proc);
  const reports: SenderReport[] = [];
  let killedByUs = false;
  let timedOut = false;
  let stderr = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onReport: (report: SenderReport, child: ChildHandle) => void = () => undefined;
  const closed = new Promise<ChildOutcome>((resolve) => {
    proc.on('close', (code, signal) => {
      alive.delete(proc);
      clearTimeout(timer);
      resolve({ reports, code, signal, killedByUs, timedOut, stderr });
    });
  });
  const handle: ChildHandle = {
    pid: proc.pid,
    kill() {
      if (killedByUs) return;
      killedByUs = true;
      proc.kill('SIGKILL');
    },
    done: closed,
  };
  proc.stdin?.on('error', () => undefined); // a child that died early: its outcome says why
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  let buffered = '';
  const fd3 = proc.stdio[3] as Readable;
  fd3.setEncoding('utf8');
  fd3.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const report = JSON.parse(line) as SenderReport;
      reports.push(report);
      onReport(report, handle);
    }
  });
  return {
    pid: proc.pid,
    begin(cfg, listener, timeoutMs) {
      onReport = listener;
      timer = setTimeout(() => {
        timedOut = true;
        handle.kill();
      }, timeoutMs);
      proc.stdin?.write(`${JSON.stringify(cfg)}\n`);
      return handle;
    },
    async discard() {
      handle.kill();
      await closed;
    },
  };
}

/** A helper process (setup, recover, final, inspect) that must end with `done`. */
async function helper(
  cfg: SenderConfig,
  timeoutMs: number,
  warm: WarmChild = spawnSender(),
): Promise<Extract<SenderReport, { type: 'done' }>> {
  const outcome = await warm.begin(cfg, () => undefined, timeoutMs).done;
  const done = outcome.reports.find((r) => r.type === 'done');
  if (outcome.code !== 0 || !done || done.type !== 'done') {
    const error = outcome.reports.find((r) => r.type === 'error');
    throw new Error(
      `crash suite: the ${cfg.mode} process failed (code ${outcome.code}, signal ${outcome.signal}` +
        `${outcome.timedOut ? ', timed out' : ''}): ${error?.type === 'error' ? error.message : outcome.stderr}`,
    );
  }
  return done;
}

/** For a failure message: whether a pid runs now, and what. */
function describePid(pid: number | undefined): string {
  if (pid === undefined) return 'no pid';
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return `pid ${pid} runs: ${cmdline.slice(0, 200)}`;
  } catch {
    return `pid ${pid} does not run`;
  }
}

interface Attempt {
  time: string;
  uuid: string | null;
  outcome: string;
  delivered: boolean;
  status: number | null;
}

interface Sandbox {
  url: string;
  /** Attempts as reported over IPC, by UUID, in order. */
  attempts: Map<string, Attempt[]>;
  onAttempt: ((attempt: Attempt) => void) | null;
  /** Resolves after an HTTP round trip and one more turn, so attempt reports sent before it have arrived. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

function startSandbox(dataDir: string, lookup: boolean): Promise<Sandbox> {
  const args = ['--data-dir', dataDir, '--allow-duplicates', '--report-attempts'];
  if (!lookup) args.push('--no-lookup');
  const proc: ChildProcess = fork(SANDBOX_MAIN, args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise<Sandbox>((resolve, reject) => {
    const sandbox: Sandbox = {
      url: '',
      attempts: new Map(),
      onAttempt: null,
      async settle() {
        await fetch(`${sandbox.url}/health`).then((r) => r.arrayBuffer());
        await new Promise((r) => setImmediate(r));
      },
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) proc.send({ type: 'stop' });
        await exited;
      },
    };
    const startTimer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('crash suite: the sandbox did not start within 60 s'));
    }, 60_000);
    proc.once('exit', (code) =>
      reject(new Error(`crash suite: the sandbox exited (${code}) before listening`)),
    );
    proc.on('message', (message: unknown) => {
      const m = message as { event?: string; url?: string } & Attempt;
      if (m.event === 'listening' && typeof m.url === 'string') {
        clearTimeout(startTimer);
        sandbox.url = m.url;
        resolve(sandbox);
      } else if (m.event === 'attempt') {
        const attempt: Attempt = {
          time: m.time,
          uuid: m.uuid,
          outcome: m.outcome,
          delivered: m.delivered,
          status: m.status,
        };
        const key = attempt.uuid ?? '(none)';
        const list = sandbox.attempts.get(key) ?? [];
        list.push(attempt);
        sandbox.attempts.set(key, list);
        sandbox.onAttempt?.(attempt);
      }
    });
  });
}

interface RunRecord {
  index: number;
  point: KillPoint;
  draftId: string;
  outboxId: string | null;
  uuid: string | null;
  sendAfter: string | null;
  restartMs: number | null;
  runMs: number;
}

const emptyStates = (): Record<FinalState, number> => ({
  sent: 0,
  cancelled: 0,
  failed_permanent: 0,
  unknown: 0,
  other: 0,
});

/** How long one sender may take before the driver gives up on it (it is then a failed run). */
const RUN_TIMEOUT_MS = 60_000;
const HELPER_TIMEOUT_MS = 600_000;

async function runRound(
  round: RoundName,
  runsPerPoint: number,
  dir: string,
  log: (line: string) => void,
): Promise<RoundResult> {
  const started = Date.now();
  const lookup = round === 'lookup_on';
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < 200) problems.push(`${round}: ${text}`);
  };
  const store: StoreConfig = {
    dataDir: join(dir, 'store'),
    keySecret: randomBytes(32).toString('hex'),
    machineSettingsPath: join(dir, 'machine-settings.json'),
  };
  mkdirSync(store.dataDir, { recursive: true });
  let processes = 0;

  const total = runsPerPoint * KILL_POINTS.length;
  const draftsFile = join(dir, 'drafts.json');
  await helper({ mode: 'setup', ...store, drafts: total, outFile: draftsFile }, HELPER_TIMEOUT_MS);
  processes++;
  const drafts = JSON.parse(readFileSync(draftsFile, 'utf8')) as string[];
  if (drafts.length !== total || new Set(drafts).size !== total) throw new Error('setup made too few drafts');
  log(`${round}: store and ${total} drafts ready (${Math.round((Date.now() - started) / 1000)} s)`);

  const sandboxDir = join(dir, 'sandbox');
  const sandbox = await startSandbox(sandboxDir, lookup);
  const records: RunRecord[] = [];
  const inspect = async (name: string): Promise<InspectResult> => {
    const outFile = join(dir, `inspect-${name}.json`);
    await helper({ mode: 'inspect', ...store, outFile }, HELPER_TIMEOUT_MS);
    processes++;
    return JSON.parse(readFileSync(outFile, 'utf8')) as InspectResult;
  };
  const cancelIds = new Set<string>();
  // The next run's sender is spawned while this one runs, so its start-up (node, tsx, the modules) overlaps.
  let spare: WarmChild | null = spawnSender();
  try {
    let watch: RunRecord | null = null;
    let previousPid: number | undefined;
    for (let i = 0; i < total; i++) {
      const point = KILL_POINTS[i % KILL_POINTS.length]!;
      const rec: RunRecord = {
        index: i,
        point,
        draftId: drafts[i]!,
        outboxId: null,
        uuid: null,
        sendAfter: null,
        restartMs: null,
        runMs: 0,
      };
      const spawnedAt = Date.now();
      records.push(rec);
      const watched = watch;
      let reached: Extract<SenderReport, { type: 'reached' }> | null = null;
      let hung: string | null = null;
      const warm: WarmChild = spare ?? spawnSender();
      spare = spawnSender();
      const child = warm.begin(
        {
          mode: 'run',
          ...store,
          sandboxUrl: sandbox.url,
          point,
          draftId: rec.draftId,
          watch: watched?.outboxId ?? null,
        },
        (report, handle) => {
          switch (report.type) {
            case 'recovered':
              rec.restartMs = report.ms;
              if (watched) {
                // The previous run was killed in its delay window: after this restart's recovery the send must
                // still wait, unchanged, and must not have reached the sandbox.
                const w = report.watched;
                if (!w || w.state !== 'queued' || w.sendAfter !== watched.sendAfter) {
                  problem(`run ${i}: the send killed in its delay window is now ${JSON.stringify(w)}`);
                }
                if (watched.uuid && sandbox.attempts.has(watched.uuid)) {
                  problem(`run ${i}: the send killed in its delay window reached the sandbox early`);
                }
              }
              break;
            case 'accepted':
              rec.outboxId = report.outboxId;
              rec.uuid = report.messageUUID;
              rec.sendAfter = report.sendAfter;
              if (hung !== null) handle.kill();
              break;
            case 'reached':
              reached = report;
              if (point !== 'sandbox_stored_before_answer') handle.kill();
              break;
            case 'error':
              problem(
                `run ${i} (${point}): the sender failed: ${report.message} (previous sender: ${describePid(previousPid)})`,
              );
              handle.kill();
              break;
            case 'done':
              break;
          }
        },
        RUN_TIMEOUT_MS,
      );
      sandbox.onAttempt =
        point === 'sandbox_stored_before_answer'
          ? (attempt) => {
              if (attempt.outcome !== 'stored_then_hung') return;
              hung = attempt.uuid;
              // Only this run's sender is alive, and it armed the fault after its recovery: the request is its own.
              if (rec.uuid !== null) child.kill();
            }
          : null;
      const outcome = await child.done;
      rec.runMs = Date.now() - spawnedAt;
      processes++;
      sandbox.onAttempt = null;
      await sandbox.settle();

      if (!outcome.killedByUs || outcome.signal !== 'SIGKILL' || outcome.timedOut) {
        problem(
          `run ${i} (${point}): the sender was not killed at its point (code ${outcome.code}, signal ` +
            `${outcome.signal}${outcome.timedOut ? ', timed out' : ''}) ${outcome.stderr.slice(0, 2000)}`,
        );
      }
      if (rec.uuid === null) {
        problem(`run ${i} (${point}): no accept was reported`);
      } else {
        // What the sandbox had for this UUID when the sender died: the proof that the kill hit its point.
        const seen = (sandbox.attempts.get(rec.uuid) ?? []).map((a) => a.outcome).join(',');
        const expected: Record<KillPoint, string> = {
          after_accept: '',
          after_sending_commit: '',
          sandbox_stored_before_answer: 'stored_then_hung',
          after_answer_before_sent_commit: 'stored',
          in_delay_window: '',
        };
        if (seen !== expected[point]) {
          problem(
            `run ${i} (${point}): the sandbox had [${seen}] at the kill, expected [${expected[point]}]`,
          );
        }
        if (point === 'sandbox_stored_before_answer' && hung !== rec.uuid) {
          problem(`run ${i}: the hung request was ${hung}, not this run's ${rec.uuid}`);
        }
        const r = reached as Extract<SenderReport, { type: 'reached' }> | null;
        const wanted: Partial<Record<KillPoint, [string, string | null]>> = {
          after_accept: ['queued', null],
          after_sending_commit: ['sending', null],
          after_answer_before_sent_commit: ['sending', 'accepted'],
          in_delay_window: ['queued', null],
        };
        const want = wanted[point];
        if (want && (!r || r.state !== want[0] || (want[1] !== null && r.detail !== want[1]))) {
          problem(`run ${i} (${point}): reached ${JSON.stringify(r)}`);
        }
      }
      watch = point === 'in_delay_window' && rec.outboxId ? rec : null;
      previousPid = child.pid;
      if ((i + 1) % 50 === 0 || i + 1 === total) {
        log(`${round}: ${i + 1}/${total} runs (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }

    // The last restart, recovering until nothing changes.
    const last: WarmChild = spare ?? spawnSender();
    spare = null;
    await helper({ mode: 'recover', ...store, sandboxUrl: sandbox.url }, HELPER_TIMEOUT_MS, last);
    processes++;

    // Every send killed in its delay window still waits, unchanged, and none reached the sandbox.
    const delayed = records.filter((r) => r.point === 'in_delay_window' && r.outboxId !== null);
    const before = await inspect('before-final');
    const firstDue = Math.min(...delayed.map((r) => Date.parse(r.sendAfter ?? '')));
    if (!(Date.now() < firstDue)) {
      // Not a fault of the outbox: the round took longer than a delay window, so its first sends may go legitimately.
      problem(`the round outlasted the ${DELAY_WINDOW_SECONDS} s delay window: run fewer runs per point`);
    }
    const byIdBefore = new Map(before.rows.map((row) => [row.id, row]));
    for (const r of delayed) {
      const row = byIdBefore.get(r.outboxId!);
      if (!row || row.state !== 'queued' || row.sendAfter !== r.sendAfter) {
        problem(
          `run ${r.index} (in_delay_window): before the window ended the row was ${JSON.stringify(row)}`,
        );
      }
      if (sandbox.attempts.has(r.uuid!)) problem(`run ${r.index} (in_delay_window): sent inside its window`);
    }

    // A person cancels half of them; a restart after the window sends the other half.
    for (const r of delayed.filter((_, k) => k % 2 === 0)) cancelIds.add(r.outboxId!);
    const final = await helper(
      {
        mode: 'final',
        ...store,
        sandboxUrl: sandbox.url,
        cancelIds: [...cancelIds],
        clockOffsetMs: CLOCK_SHIFT_MS,
      },
      HELPER_TIMEOUT_MS,
    );
    processes++;
    if (final.cancelled !== cancelIds.size) problem(`cancelled ${final.cancelled} of ${cancelIds.size}`);
  } finally {
    await spare?.discard();
    await sandbox.stop();
  }

  // The checks, on what the sandbox logged and what the store holds, once every process has ended.
  const attempts = readFileSync(join(sandboxDir, 'attempts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Attempt);
  const deliveries = new Map<string, number>();
  const attemptOutcomes: Record<string, number> = {};
  const attemptsByUuid = new Map<string, number>();
  for (const a of attempts) {
    attemptOutcomes[a.outcome] = (attemptOutcomes[a.outcome] ?? 0) + 1;
    const key = a.uuid ?? '(none)';
    attemptsByUuid.set(key, (attemptsByUuid.get(key) ?? 0) + 1);
    if (a.delivered) deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    if (a.outcome !== 'stored' && a.outcome !== 'stored_then_hung') {
      problem(`an unexpected attempt: ${JSON.stringify(a)}`);
    }
  }
  let duplicateDeliveries = 0;
  for (const [uuid, n] of deliveries) {
    if (n > 1) {
      duplicateDeliveries++;
      problem(`UUID ${uuid} was delivered ${n} times`);
    }
  }

  const after = await inspect('after-final');
  const rowsById = new Map(after.rows.map((row) => [row.id, row]));
  if (!after.audit.intact) problem(`the history is broken: ${JSON.stringify(after.audit)}`);
  if (after.rows.length !== records.length) {
    problem(`the outbox holds ${after.rows.length} rows for ${records.length} runs`);
  }
  const points = Object.fromEntries(
    KILL_POINTS.map((p) => [
      p,
      { runs: 0, states: emptyStates(), maxDeliveries: 0, restartMs: [], runMs: [] },
    ]),
  ) as unknown as Record<KillPoint, PointResult>;
  let seenAccepted = 0;
  for (const r of records) {
    const result = points[r.point];
    result.runs++;
    if (r.restartMs !== null) result.restartMs.push(r.restartMs);
    result.runMs.push(r.runMs);
    if (r.outboxId === null || r.uuid === null) continue;
    seenAccepted++;
    const row = rowsById.get(r.outboxId);
    if (!row || row.messageUUID !== r.uuid || row.draftId !== r.draftId) {
      problem(`run ${r.index} (${r.point}): the accepted send ${r.uuid} is not in the outbox`);
      continue;
    }
    const state = (FINAL_STATES as readonly string[]).includes(row.state)
      ? (row.state as FinalState)
      : 'other';
    result.states[state]++;
    const delivered = deliveries.get(r.uuid) ?? 0;
    result.maxDeliveries = Math.max(result.maxDeliveries, delivered);

    // The state each run must end in.
    let expected: string;
    if (r.point === 'in_delay_window') expected = cancelIds.has(r.outboxId) ? 'cancelled' : 'sent';
    else if (!lookup && AFTER_REQUEST.has(r.point)) expected = 'unknown';
    else expected = 'sent';
    if (row.state !== expected) {
      problem(`run ${r.index} (${r.point}): ended ${row.state}, expected ${expected}`);
    }
    if (row.state === 'unknown' && !(!lookup && AFTER_REQUEST.has(r.point))) {
      problem(`run ${r.index} (${r.point}): unknown is allowed only without look-up, after the request`);
    }
    if (row.state === 'unknown' && !row.needsAttention) {
      problem(`run ${r.index} (${r.point}): unknown without needsAttention`);
    }
    // sent and unknown (here: stored, answer lost): exactly one delivery; cancelled: never attempted.
    const wantDeliveries = row.state === 'cancelled' ? 0 : 1;
    if (delivered !== wantDeliveries) {
      problem(`run ${r.index} (${r.point}): ${delivered} deliveries for a ${row.state} send`);
    }
    if (row.state === 'cancelled' && attemptsByUuid.has(r.uuid)) {
      problem(`run ${r.index} (${r.point}): a cancelled send reached the sandbox`);
    }
  }
  for (const row of after.rows) {
    if (lookup && !['sent', 'cancelled', 'failed_permanent'].includes(row.state)) {
      problem(`row ${row.id} ended ${row.state} although the sandbox answers look-ups`);
    }
  }
  const knownUuids = new Set(after.rows.map((row) => row.messageUUID));
  for (const uuid of attemptsByUuid.keys()) {
    if (!knownUuids.has(uuid)) problem(`the sandbox logged an attempt for ${uuid}, which is no outbox row`);
  }
  for (const p of KILL_POINTS) {
    if (points[p].runs < runsPerPoint) problem(`${p}: ${points[p].runs} runs, fewer than ${runsPerPoint}`);
  }

  const wallMs = Date.now() - started;
  log(`${round}: done in ${Math.round(wallMs / 1000)} s, ${problems.length} problem(s)`);
  return {
    round,
    lookup,
    points,
    seenAccepted,
    rows: after.rows.length,
    duplicateDeliveries,
    attemptOutcomes,
    audit: after.audit,
    processes,
    wallMs,
    problems,
  };
}

export async function runCrashSuite(options: CrashSuiteOptions): Promise<CrashSuiteResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const parallel = options.parallel ?? true;
  const rounds = options.rounds ?? ROUNDS;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'sendeassistent-crash-'));
  try {
    const one = (round: RoundName) => runRound(round, options.runsPerPoint, join(workDir, round), log);
    const results: RoundResult[] = [];
    if (parallel) results.push(...(await Promise.all(rounds.map(one))));
    else for (const round of rounds) results.push(await one(round));
    return {
      runsPerPoint: options.runsPerPoint,
      parallel,
      rounds: results,
      wallMs: Date.now() - started,
      problems: results.flatMap((r) => r.problems),
    };
  } finally {
    if (!options.keep && !options.workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

const pct = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** The figures as a plain-text table (the CI log and docs/testing.md). */
export function formatCrashTable(result: CrashSuiteResult): string {
  const lines: string[] = [];
  const head = [
    'round'.padEnd(10),
    'kill point'.padEnd(32),
    'runs'.padStart(5),
    'sent'.padStart(5),
    'cancelled'.padStart(9),
    'failed_perm'.padStart(11),
    'unknown'.padStart(7),
    'max deliv/UUID'.padStart(14),
    'restart ms p50/p95'.padStart(18),
    'run ms p50/p95'.padStart(14),
  ].join(' ');
  lines.push(head, '-'.repeat(head.length));
  for (const round of result.rounds) {
    for (const p of KILL_POINTS) {
      const r = round.points[p];
      lines.push(
        [
          round.round.padEnd(10),
          p.padEnd(32),
          String(r.runs).padStart(5),
          String(r.states.sent).padStart(5),
          String(r.states.cancelled).padStart(9),
          String(r.states.failed_permanent).padStart(11),
          String(r.states.unknown).padStart(7),
          String(r.maxDeliveries).padStart(14),
          `${pct(r.restartMs, 50)}/${pct(r.restartMs, 95)}`.padStart(18),
          `${pct(r.runMs, 50)}/${pct(r.runMs, 95)}`.padStart(14),
        ].join(' '),
      );
    }
  }
  lines.push('');
  for (const round of result.rounds) {
    const outcomes = Object.entries(round.attemptOutcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      `${round.round}: ${round.seenAccepted} accepted, ${round.rows} rows, UUIDs delivered more than once: ` +
        `${round.duplicateDeliveries}; attempts: ${outcomes}; history intact: ${round.audit?.intact} ` +
        `(${round.audit?.rowsChecked} entries); ${round.processes} processes; ${(round.wallMs / 1000).toFixed(0)} s`,
    );
  }
  lines.push(
    `wall time ${(result.wallMs / 1000).toFixed(0)} s (${result.parallel ? 'rounds side by side' : 'one round after the other'}); ` +
      `problems: ${result.problems.length}`,
  );
  return lines.join('\n');
}
