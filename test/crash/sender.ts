import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import { createSandboxConnector } from '../../src/backend/connectors/sandbox/sandbox.connector';
import type { Connector } from '../../src/backend/connectors/connector';
import type { Clock } from '../../src/backend/ports';
import type { EventPayload } from '../../src/shared/contract';
import { FakeKeyStore } from '../support/fakes';
import {
  CASE_NUMBER,
  DELAY_WINDOW_SECONDS,
  LETTER_FILE,
  RECIPIENT,
  REPORT_FD,
  RESOURCES_DIR,
  type InspectResult,
  type SenderConfig,
  type SenderReport,
  type StoreConfig,
} from './protocol';

/**
 * One process of the crash suite (docs/testing.md): the "sending process" the driver kills with SIGKILL, and the
 * few helper processes around it (setup, final recovery, inspection). It opens the suite's store through
 * createBackend, as the app does (a key-store wrap; here a FakeKeyStore whose secret the driver shares with every
 * child), so every process is a real restart of the app's backend.
 *
 *   node --import tsx test/crash/sender.ts   (stdin: one JSON line, the SenderConfig; fd 3: a pipe for the reports)
 *
 * The driver spawns the next sender while the current one runs: it loads its modules (the static imports below) and
 * then waits for its configuration, which the driver writes once the previous sender is dead. Only then does it open
 * the store: the restart.
 *
 * Reports are written with writeSync to fd 3 before anything else can happen; at a kill point the process then
 * blocks its only thread with Atomics.wait, so nothing (no tick, no commit, no timer) runs between the report and
 * the driver's SIGKILL.
 */

/** The first line on stdin. */
function readConfig(): Promise<SenderConfig> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let read = false;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      if (read) return;
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      read = true;
      process.stdin.pause();
      try {
        resolve(JSON.parse(buffered.slice(0, nl)) as SenderConfig);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // The driver went away before starting this process: nothing to do.
    process.stdin.on('end', () => {
      if (!read) process.exit(2);
    });
  });
}

function report(r: SenderReport): void {
  writeSync(REPORT_FD, `${JSON.stringify(r)}\n`);
}

/** Stops this thread for good: the process does nothing more until it is killed. */
function blockForever(): never {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  throw new Error('unreachable: Atomics.wait on a value nobody changes');
}

let startedAt = 0;
/** Milliseconds since the configuration arrived (the restart). */
const sinceStart = (): number => Math.round(performance.now() - startedAt);

function open(
  store: StoreConfig,
  extra: { runOutbox: boolean; connector?: Connector; clock?: Clock; setup?: boolean; inspectOnly?: boolean },
): Backend {
  return createBackend({
    dataDir: store.dataDir,
    resourcesDir: RESOURCES_DIR,
    keyStore: new FakeKeyStore(Buffer.from(store.keySecret, 'hex')),
    machineSettingsPath: store.machineSettingsPath,
    currentUser: { name: () => 'crash-suite' },
    appVersion: '0.0.0-crash',
    allowCreate: extra.setup === true,
    seedDemoData: extra.setup === true,
    inspectOnly: extra.inspectOnly === true,
    runOutbox: extra.runOutbox,
    connector: extra.connector,
    clock: extra.clock,
    outboxPollMs: 100,
  });
}

/**
 * Start-up recovery until nothing changes: worker cycles (each: recover rows left in `sending` once, look `unknown`
 * rows up, send what is due, until a tick moves nothing) until a cycle moves nothing and no row is due now.
 */
async function recover(backend: Backend, clock: Clock): Promise<number> {
  const worker = backend.worker;
  if (!worker) throw new Error('no worker in this process');
  for (let cycles = 1; cycles <= 100; cycles++) {
    const reports = await worker.runOnce();
    if (!worker.holdsLease()) throw new Error('another process holds the outbox worker lease');
    const progressed = reports.some(
      (r) => r.sent.length + r.failed.length + r.unknown.length + r.lookedUp.length > 0,
    );
    const next = backend.outbox.nextDueAt();
    const due = next !== null && Date.parse(next) <= clock.now().getTime();
    if (!progressed && !due) return cycles;
  }
  throw new Error('recovery did not settle within 100 cycles');
}

const systemClock: Clock = { now: () => new Date() };

async function setup(cfg: Extract<SenderConfig, { mode: 'setup' }>): Promise<void> {
  const backend = open(cfg, { runOutbox: false, setup: true });
  const settings = await backend.dispatcher.json('settings:update', {
    patch: { sender: { cvr: '29189846', name: 'Crash-test Kommune' }, caseSystem: 'Crash-test Sagssystem' },
  });
  if (!settings.ok || !(settings.value as { saved: boolean }).saved) {
    throw new Error(`settings:update refused: ${JSON.stringify(settings)}`);
  }
  const bytes = readFileSync(join(RESOURCES_DIR, 'demo', 'letters', LETTER_FILE));
  const drafts: string[] = [];
  for (let i = 0; i < cfg.drafts; i++) {
    const analysed = await backend.dispatcher.binary(
      'documents:analyze',
      new Uint8Array(bytes),
      { fileName: LETTER_FILE, caseNumber: CASE_NUMBER },
      'application/octet-stream',
    );
    const draftId = analysed.ok ? (analysed.value as { draftId: string | null }).draftId : null;
    if (draftId === null) throw new Error(`documents:analyze made no draft: ${JSON.stringify(analysed)}`);
    if (i === 0) {
      // The letter must go without approval and without warnings, or the submits below would be refused.
      const checked = await backend.dispatcher.json('drafts:check', {
        draftId,
        caseNumber: CASE_NUMBER,
        recipients: [RECIPIENT],
      });
      const check = checked.ok
        ? (checked.value as { check: { verdict: string; approvalRequired: boolean; findings: unknown[] } })
            .check
        : null;
      if (!check || check.verdict !== 'ok' || check.approvalRequired || check.findings.length > 0) {
        throw new Error(`the demo letter does not pass the check cleanly: ${JSON.stringify(checked)}`);
      }
    }
    drafts.push(draftId);
  }
  await backend.shutdown();
  writeFileSync(cfg.outFile, JSON.stringify(drafts));
  report({ type: 'done', ms: sinceStart() });
}

async function run(cfg: Extract<SenderConfig, { mode: 'run' }>): Promise<void> {
  const { point } = cfg;
  let mine: string | null = null;
  const sandbox = createSandboxConnector({ baseUrl: cfg.sandboxUrl });
  const connector: Connector = {
    kind: 'sandbox',
    async send(message) {
      const outcome = await sandbox.send(message);
      if (point === 'after_answer_before_sent_commit' && message.messageUUID === mine) {
        // The answer is in hand and the outbox has not committed it.
        report({ type: 'reached', point, state: 'sending', detail: outcome.kind });
        blockForever();
      }
      return outcome;
    },
    lookup: (uuid) => sandbox.lookup(uuid),
    health: () => sandbox.health(),
    close: () => sandbox.close(),
  };
  const backend = open(cfg, { runOutbox: true, connector });
  const openMs = sinceStart();
  const cycles = await recover(backend, systemClock);
  let watched: Extract<SenderReport, { type: 'recovered' }>['watched'] = null;
  if (cfg.watch) {
    const item = backend.outbox.get(cfg.watch);
    watched = { id: item.id, state: item.entry.state, sendAfter: item.entry.sendAfter };
  }
  report({ type: 'recovered', ms: sinceStart(), openMs, cycles, watched });

  if (point === 'sandbox_stored_before_answer') {
    // Armed only now, after recovery, so the fault meets this run's request and no other.
    const res = await fetch(`${cfg.sandboxUrl}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'store_then_hang', times: 1 }),
    });
    if (!res.ok) throw new Error(`POST /__faults answered ${res.status}`);
  }

  backend.onEvent((name, payload) => {
    if (name !== 'outbox:changed') return;
    const { item } = payload as EventPayload<'outbox:changed'>;
    if (item.draftId !== cfg.draftId) return;
    const { entry } = item;
    if (mine === null) {
      // The first event of this draft's row is the one published right after the accept's commit.
      mine = entry.messageUUID;
      report({
        type: 'accepted',
        ms: sinceStart(),
        outboxId: item.id,
        messageUUID: entry.messageUUID,
        state: entry.state,
        sendAfter: entry.sendAfter,
      });
      if (point === 'after_accept') {
        // Before submit returns and kicks the worker: no tick can claim the row.
        report({ type: 'reached', point, state: entry.state, detail: 'accept committed' });
        blockForever();
      }
      if (point === 'in_delay_window') {
        // The process stays alive (its worker polls and finds nothing due) until it is killed.
        report({ type: 'reached', point, state: entry.state, detail: `sendAfter ${entry.sendAfter}` });
      }
      return;
    }
    if (point === 'after_sending_commit' && entry.state === 'sending' && !entry.requestStarted) {
      // Emitted right after the claim's commit, before the request_started commit and the request.
      report({ type: 'reached', point, state: entry.state, detail: 'claim committed' });
      blockForever();
    }
  });

  // Stay alive until killed (the worker's own timers do not hold the process open).
  setInterval(() => undefined, 60_000);
  const submitted = await backend.send.submit({
    draftId: cfg.draftId,
    caseNumber: CASE_NUMBER,
    recipients: [RECIPIENT],
    whenApprovalRequired: 'refuse',
    delaySeconds: point === 'in_delay_window' ? DELAY_WINDOW_SECONDS : 0,
  });
  if (!submitted.created) throw new Error('the draft had been submitted before');
  if (mine === null) throw new Error('no outbox:changed event for the accepted row');
}

async function recoverOnly(cfg: Extract<SenderConfig, { mode: 'recover' }>): Promise<void> {
  const backend = open(cfg, {
    runOutbox: true,
    connector: createSandboxConnector({ baseUrl: cfg.sandboxUrl }),
  });
  await recover(backend, systemClock);
  await backend.shutdown();
  report({ type: 'done', ms: sinceStart() });
}

async function final(cfg: Extract<SenderConfig, { mode: 'final' }>): Promise<void> {
  // 1. A person cancels these sends in their delay window, through the window's channel.
  const first = open(cfg, { runOutbox: false });
  let cancelled = 0;
  for (const outboxId of cfg.cancelIds) {
    const result = await first.dispatcher.json('outbox:cancel', {
      outboxId,
      reason: 'Crash-suite: annulleret i ventetiden',
    });
    const value = result.ok ? (result.value as { changed: boolean; refusal: string | null }) : null;
    if (!value?.changed) throw new Error(`outbox:cancel of ${outboxId} refused: ${JSON.stringify(result)}`);
    cancelled++;
  }
  await first.shutdown();
  // 2. A restart after the delay windows have passed: the rest are due and go.
  const offset = cfg.clockOffsetMs;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const second = open(cfg, {
    runOutbox: true,
    clock,
    connector: createSandboxConnector({ baseUrl: cfg.sandboxUrl }),
  });
  await recover(second, clock);
  await second.shutdown();
  report({ type: 'done', ms: sinceStart(), cancelled });
}

async function inspect(cfg: Extract<SenderConfig, { mode: 'inspect' }>): Promise<void> {
  const backend = open(cfg, { runOutbox: false, inspectOnly: true });
  const verified = await backend.dispatcher.json('audit:verify', {});
  if (!verified.ok) throw new Error(`audit:verify failed: ${JSON.stringify(verified)}`);
  const result: InspectResult = {
    rows: backend.outbox.list().map((item) => ({
      id: item.id,
      draftId: item.draftId,
      messageUUID: item.entry.messageUUID,
      state: item.entry.state,
      sendAfter: item.entry.sendAfter,
      needsAttention: item.entry.needsAttention,
    })),
    audit: verified.value as InspectResult['audit'],
  };
  await backend.shutdown();
  writeFileSync(cfg.outFile, JSON.stringify(result));
  report({ type: 'done', ms: sinceStart() });
}

async function main(): Promise<void> {
  const config = await readConfig();
  startedAt = performance.now();
  switch (config.mode) {
    case 'setup':
      await setup(config);
      return process.exit(0);
    case 'run':
      return run(config); // waits for the driver's SIGKILL
    case 'recover':
      await recoverOnly(config);
      return process.exit(0);
    case 'final':
      await final(config);
      return process.exit(0);
    case 'inspect':
      await inspect(config);
      return process.exit(0);
  }
}

main().catch((error: unknown) => {
  report({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
