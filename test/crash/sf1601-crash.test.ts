import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './protocol';
import {
  SF1601_USER,
  type MockInfo,
  type Sf1601Report,
  type Sf1601SenderConfig,
  type Sf1601Store,
} from './sf1601-sender';

/**
 * The SF1601 kill point of the outbox crash suite (docs/testing.md, "The SF1601 kill point"). The SF1601 mock runs
 * as its own process (mutual TLS, its own test PKI, every KombiPostAfsend attempt reported over IPC); a sender
 * process per run opens the store with the SF1601 connector from the settings, recovers, and submits one letter,
 * which the mock records and never answers (fault `hang`); the driver kills the sender with SIGKILL as soon as the
 * mock reports that attempt. The next run's sender is the restart. After the last run a final restart recovers and
 * runs more worker cycles: every send is `unknown`, waits for a person, and was delivered exactly once. Then a person
 * resolves them through `outbox:resolve`: most as delivered (nothing more is sent), one as "send again" (delivered a
 * second time with the same UUID, as decided), each with its reason in the history.
 */

const RUNS = 5;
const SENDER = join(__dirname, 'sf1601-sender.ts');
const MOCK_MAIN = join(REPO_ROOT, 'test', 'support', 'sf1601-mock-main.ts');
/** The demo seed's sender CVR (src/backend/services/demo-seed.ts) and the demo recipient p1's CPR number. */
const DEMO_CVR = '12345678';
const OLIVER_CPR = '3001104209';
const CHILD_TIMEOUT_MS = 60_000;

interface Attempt {
  uuid: string | null;
  outcome: string;
  delivered: boolean;
  status: number | null;
}

interface Child {
  proc: ChildProcess;
  reports: Sf1601Report[];
  onReport: (report: Sf1601Report) => void;
  send(line: string): void;
  kill(): void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of alive) proc.kill('SIGKILL');
});

/** A sender process: it loads its modules at once and waits for its configuration on stdin. */
function spawnSender(): Child {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', SENDER], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
  });
  alive.add(proc);
  let stderr = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const child: Child = {
    proc,
    reports: [],
    onReport: () => undefined,
    send(line) {
      if (timer === undefined) timer = setTimeout(() => child.kill(), CHILD_TIMEOUT_MS);
      proc.stdin?.write(`${line}\n`);
    },
    kill() {
      proc.kill('SIGKILL');
    },
    done: new Promise((resolve) => {
      proc.on('close', (code, signal) => {
        alive.delete(proc);
        clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    }),
  };
  proc.stdin?.on('error', () => undefined);
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
      const report = JSON.parse(buffered.slice(0, nl)) as Sf1601Report;
      buffered = buffered.slice(nl + 1);
      child.reports.push(report);
      child.onReport(report);
    }
  });
  return child;
}

/** A helper process that must end with a `done` (or `ready`) report and exit code 0. */
async function helper<T extends Sf1601Report['type']>(
  child: Child,
  cfg: Sf1601SenderConfig,
  type: T,
): Promise<Extract<Sf1601Report, { type: T }>> {
  child.send(JSON.stringify(cfg));
  const outcome = await child.done;
  const found = child.reports.find((r) => r.type === type);
  if (outcome.code !== 0 || !found) {
    const error = child.reports.find((r) => r.type === 'error');
    throw new Error(
      `the ${cfg.mode} process failed (code ${outcome.code}, signal ${outcome.signal}): ` +
        (error?.type === 'error' ? error.message : outcome.stderr),
    );
  }
  return found as Extract<Sf1601Report, { type: T }>;
}

interface Mock {
  info: MockInfo;
  attempts: Attempt[];
  onAttempt: ((attempt: Attempt) => void) | null;
  /** Arms the fault for the next KombiPostAfsend call; resolves once the mock confirms. */
  fault(mode: 'hang', times: number): Promise<void>;
  deliveries(uuid: string): number;
  stop(): Promise<void>;
}

function startMock(pkiDir: string, dataDir: string): Promise<Mock> {
  const proc = fork(
    MOCK_MAIN,
    [
      '--pki-dir',
      pkiDir,
      '--cvr',
      DEMO_CVR,
      '--enrolled',
      OLIVER_CPR,
      '--data-dir',
      dataDir,
      '--report-attempts',
    ],
    { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  alive.add(proc);
  mockProc = proc;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      alive.delete(proc);
      resolve();
    }),
  );
  let faultAck: (() => void) | null = null;
  return new Promise<Mock>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('the SF1601 mock did not start within 60 s'));
    }, 60_000);
    proc.once('exit', (code) => reject(new Error(`the SF1601 mock exited (${code}) before listening`)));
    const mock: Mock = {
      info: { urls: {}, caFile: '', clientP12File: '', clientPassword: '' },
      attempts: [],
      onAttempt: null,
      fault(mode, times) {
        return new Promise((ack) => {
          faultAck = ack;
          proc.send({ type: 'fault', mode, times });
        });
      },
      deliveries: (uuid) => mock.attempts.filter((a) => a.uuid === uuid && a.delivered).length,
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) proc.send({ type: 'stop' });
        await exited;
      },
    };
    proc.on('message', (raw: unknown) => {
      const m = raw as {
        event?: string;
        urls?: Record<string, string>;
        pki?: { caFile: string; clientP12File: string; clientPassword: string };
      } & Attempt;
      if (m.event === 'listening' && m.urls && m.pki) {
        clearTimeout(timer);
        mock.info = { urls: m.urls, ...m.pki };
        resolve(mock);
      } else if (m.event === 'fault') {
        const ack = faultAck;
        faultAck = null;
        ack?.();
      } else if (m.event === 'attempt') {
        const attempt: Attempt = {
          uuid: m.uuid,
          outcome: m.outcome,
          delivered: m.delivered,
          status: m.status,
        };
        mock.attempts.push(attempt);
        mock.onAttempt?.(attempt);
      }
    });
  });
}

interface RunRecord {
  draftId: string;
  outboxId: string | null;
  uuid: string | null;
  attempt: Attempt | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

const workDir = mkdtempSync(join(tmpdir(), 'sendeassistent-sf1601-crash-'));
let mock: Mock | null = null;
let mockProc: ChildProcess | null = null;
afterAll(async () => {
  for (const proc of alive) if (proc !== mockProc) proc.kill('SIGKILL'); // senders left by a failure
  await mock?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the SF1601 kill point', () => {
  it(`SIGKILL while KombiPostAfsend is recorded and unanswered, ${RUNS} runs: unknown, delivered once, resolved by a person`, async () => {
    const t0 = Date.now();
    const log = (line: string): void =>
      console.log(`[sf1601 crash ${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}`);
    const store: Sf1601Store = {
      dataDir: join(workDir, 'store'),
      keySecret: randomBytes(32).toString('hex'),
      machineSettingsPath: join(workDir, 'machine-settings.json'),
    };
    mkdirSync(store.dataDir, { recursive: true });
    const mockData = join(workDir, 'mock');
    mkdirSync(mockData, { recursive: true });

    // The mock (it makes the test PKI) and the setup process start side by side; the setup needs the mock's URLs.
    let spare = spawnSender();
    mock = await startMock(join(workDir, 'pki'), mockData);
    const m = mock;
    log('mock listening');
    const setupChild = spare;
    spare = spawnSender();
    const { drafts } = await helper(
      setupChild,
      { mode: 'setup', ...store, drafts: RUNS, mock: m.info },
      'ready',
    );
    expect(new Set(drafts).size).toBe(RUNS);
    log(`store and ${RUNS} drafts ready`);

    const records: RunRecord[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = Date.now();
      const rec: RunRecord = {
        draftId: drafts[i]!,
        outboxId: null,
        uuid: null,
        attempt: null,
        signal: null,
        ms: 0,
      };
      records.push(rec);
      const child = spare;
      spare = spawnSender(); // the next restart loads its modules while this one runs
      const problems: string[] = [];
      const maybeKill = (): void => {
        if (rec.uuid !== null && rec.attempt !== null) child.kill();
      };
      m.onAttempt = (attempt) => {
        // Only this run's sender is alive, and the fault was armed after its recovery.
        if (attempt.outcome !== 'accepted_then_hung')
          problems.push(`unexpected attempt ${JSON.stringify(attempt)}`);
        rec.attempt = attempt;
        maybeKill();
      };
      child.onReport = (report) => {
        switch (report.type) {
          case 'recovered':
            // Armed only now, so that the hang meets this run's request and no other.
            void m.fault('hang', 1).then(() => child.send('go'));
            break;
          case 'accepted':
            rec.outboxId = report.outboxId;
            rec.uuid = report.messageUUID;
            maybeKill();
            break;
          case 'error':
            problems.push(`the sender failed: ${report.message}`);
            child.kill();
            break;
          default:
            break;
        }
      };
      child.send(
        JSON.stringify({ mode: 'run', ...store, draftId: rec.draftId } satisfies Sf1601SenderConfig),
      );
      const outcome = await child.done;
      m.onAttempt = null;
      rec.signal = outcome.signal;
      rec.ms = Date.now() - started;
      expect(problems, `run ${i}: ${outcome.stderr}`).toEqual([]);
      expect(rec.signal, `run ${i} was not killed by the driver: ${outcome.stderr}`).toBe('SIGKILL');
      expect(rec.attempt).toMatchObject({
        uuid: rec.uuid,
        outcome: 'accepted_then_hung',
        delivered: true,
        status: null,
      });
      log(`run ${i}: killed after the mock recorded ${rec.uuid} (${rec.ms} ms)`);
    }

    // The restart after the last kill: recovery and more worker cycles, which must send nothing again.
    const finalChild = spare;
    spare = spawnSender();
    const final = await helper(finalChild, { mode: 'final', ...store, cycles: 3 }, 'done');
    log('final recovery done');
    const ids = records.map((r) => r.outboxId!);
    expect(final.rows).toHaveLength(RUNS);
    for (const rec of records) {
      const row = final.rows.find((r) => r.id === rec.outboxId);
      expect(row, `row of run ${records.indexOf(rec)}`).toMatchObject({
        draftId: rec.draftId,
        messageUUID: rec.uuid,
        state: 'unknown',
        needsAttention: true,
      });
      expect(m.deliveries(rec.uuid!), `deliveries of ${rec.uuid}`).toBe(1);
    }
    expect([...final.unresolved].sort()).toEqual([...ids].sort());
    expect(m.attempts).toHaveLength(RUNS); // no automatic attempt after any restart or cycle

    // A person resolves them through outbox:resolve: the last as "send again", the others as delivered.
    const resendRec = records[RUNS - 1]!;
    const reasonFor = (rec: RunRecord): string =>
      rec === resendRec
        ? `Digital Post support: ${rec.uuid} ikke modtaget, send igen`
        : `Set i Digital Posts oversigt: ${rec.uuid} modtaget`;
    const resolved = await helper(
      spare,
      {
        mode: 'resolve',
        ...store,
        resolutions: records.map((rec) => ({
          outboxId: rec.outboxId!,
          resolution: rec === resendRec ? ('resend' as const) : ('delivered' as const),
          reason: reasonFor(rec),
        })),
      },
      'done',
    );
    log('resolved');
    for (const rec of records) {
      const row = resolved.rows.find((r) => r.id === rec.outboxId);
      expect(row).toMatchObject({ messageUUID: rec.uuid, state: 'sent', needsAttention: false });
      const kind = rec === resendRec ? 'outbox.resolve_resend' : 'outbox.resolve_delivered';
      const entry = resolved.audit?.find((e) => e.kind === kind && e.details.outboxId === rec.outboxId);
      expect(entry, `${kind} for ${rec.outboxId}`).toMatchObject({
        actor: SF1601_USER,
        details: {
          by: SF1601_USER,
          reason: reasonFor(rec),
          messageUUID: rec.uuid,
          to: rec === resendRec ? 'queued' : 'sent',
        },
      });
      const attempts = m.attempts.filter((a) => a.uuid === rec.uuid).map((a) => a.outcome);
      if (rec === resendRec) {
        // The second delivery, with the same UUID, is a person's recorded decision.
        expect(attempts).toEqual(['accepted_then_hung', 'accepted']);
        expect(m.deliveries(rec.uuid!)).toBe(2);
      } else {
        expect(attempts).toEqual(['accepted_then_hung']);
        expect(m.deliveries(rec.uuid!)).toBe(1);
      }
    }
    expect(resolved.unresolved).toEqual([]);
    expect(resolved.audit?.filter((e) => e.kind === 'outbox.resolve_delivered')).toHaveLength(RUNS - 1);
    expect(resolved.audit?.filter((e) => e.kind === 'outbox.resolve_resend')).toHaveLength(1);
    expect(resolved.verify).toMatchObject({ intact: true, reason: null });
    log(`done: ${m.attempts.length} attempts for ${RUNS} sends`);
  });
});
