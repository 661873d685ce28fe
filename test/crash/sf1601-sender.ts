import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import type { EventPayload } from '../../src/shared/contract';
import type { OutboxItemView } from '../../src/shared/domain/outbox';
import { FakeKeyStore } from '../support/fakes';
import { CASE_NUMBER, LETTER_FILE, RECIPIENT, REPORT_FD, RESOURCES_DIR } from './protocol';

/**
 * One process of the SF1601 kill point (docs/testing.md, "The SF1601 kill point"; the driver is
 * sf1601-crash.test.ts). Every process opens the same store through createBackend with a FakeKeyStore whose secret
 * the driver shares, and (except `setup`) runs the outbox with the connector opened from the settings: the real
 * SF1601 connector over mutual TLS against the mock process.
 *
 *   node --require tsx/cjs test/crash/sf1601-sender.ts   (stdin: JSON lines; fd 3: the reports, written with writeSync)
 *
 * The first stdin line is the configuration. In `run` the process recovers until nothing changes, reports
 * `recovered` and waits for a second line (`go`: the driver has armed the mock's hang meanwhile), then submits its
 * draft; the driver kills it with SIGKILL once the mock has recorded that message and left it unanswered.
 */

export interface Sf1601Store {
  dataDir: string;
  /** The FakeKeyStore's secret (hex, 32 bytes), the same for every process. */
  keySecret: string;
  /** A path that does not exist, so the host's machine settings never apply. */
  machineSettingsPath: string;
}

export interface MockInfo {
  urls: Record<string, string>;
  caFile: string;
  clientP12File: string;
  clientPassword: string;
}

export type Sf1601SenderConfig = Sf1601Store &
  (
    | { mode: 'setup'; drafts: number; mock: MockInfo }
    | { mode: 'run'; draftId: string }
    | { mode: 'final'; cycles: number }
    | {
        mode: 'resolve';
        resolutions: { outboxId: string; resolution: 'delivered' | 'resend'; reason: string }[];
      }
  );

export interface RowView {
  id: string;
  draftId: string;
  messageUUID: string;
  state: string;
  needsAttention: boolean;
}

export interface AuditView {
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

export type Sf1601Report =
  | { type: 'ready'; drafts: string[] }
  | { type: 'recovered'; ms: number; cycles: number }
  | { type: 'accepted'; outboxId: string; messageUUID: string; state: string }
  | {
      type: 'done';
      rows: RowView[];
      unresolved: string[];
      audit?: AuditView[];
      verify?: { intact: boolean; rowsChecked: number; reason: string | null };
    }
  | { type: 'error'; message: string };

export const SF1601_USER = 'Crash-test Sagsbehandler';

function report(r: Sf1601Report): void {
  writeSync(REPORT_FD, `${JSON.stringify(r)}\n`);
}

/** The stdin lines, one at a time. */
const lines: string[] = [];
let waiting: ((line: string) => void) | null = null;
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(line);
    } else lines.push(line);
  }
});
process.stdin.on('end', () => process.exit(2)); // the driver went away
const nextLine = (): Promise<string> =>
  lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((resolve) => (waiting = resolve));

let startedAt = 0;

function open(store: Sf1601Store, extra: { runOutbox: boolean; setup?: boolean }): Backend {
  return createBackend({
    dataDir: store.dataDir,
    resourcesDir: RESOURCES_DIR,
    keyStore: new FakeKeyStore(Buffer.from(store.keySecret, 'hex')),
    machineSettingsPath: store.machineSettingsPath,
    currentUser: { name: () => SF1601_USER },
    appVersion: '0.0.0-crash',
    allowCreate: extra.setup === true,
    seedDemoData: extra.setup === true,
    runOutbox: extra.runOutbox,
    outboxPollMs: 100,
  });
}

async function json<T>(backend: Backend, channel: string, input: unknown): Promise<T> {
  const result = await backend.dispatcher.json(channel, input);
  if (!result.ok) throw new Error(`${channel} refused: ${JSON.stringify(result)}`);
  return result.value as T;
}

/** Worker cycles until a cycle moves nothing and nothing is due now. */
async function recover(backend: Backend): Promise<number> {
  const worker = backend.worker;
  if (!worker) throw new Error('no worker in this process');
  await backend.sendingReady; // the SF1601 connector is open
  for (let cycles = 1; cycles <= 100; cycles++) {
    const reports = await worker.runOnce();
    if (!worker.holdsLease()) throw new Error('another process holds the outbox worker lease');
    const progressed = reports.some(
      (r) => r.sent.length + r.failed.length + r.unknown.length + r.lookedUp.length > 0,
    );
    const next = backend.outbox.nextDueAt();
    if (!progressed && (next === null || Date.parse(next) > Date.now())) return cycles;
  }
  throw new Error('recovery did not settle within 100 cycles');
}

async function rowsAndUnresolved(backend: Backend): Promise<{ rows: RowView[]; unresolved: string[] }> {
  const all = await json<{ items: OutboxItemView[] }>(backend, 'outbox:list', {});
  const open = await json<{ items: OutboxItemView[] }>(backend, 'outbox:list', { only: 'unresolved' });
  return {
    rows: all.items.map((i) => ({
      id: i.id,
      draftId: i.draftId,
      messageUUID: i.entry.messageUUID,
      state: i.entry.state,
      needsAttention: i.entry.needsAttention,
    })),
    unresolved: open.items.map((i) => i.id),
  };
}

async function setup(cfg: Extract<Sf1601SenderConfig, { mode: 'setup' }>): Promise<void> {
  // A new store with the demo cases (the demo sender, CVR 12345678), the connector pointed at the mock and the
  // certificate's password in the key store.
  const backend = open(cfg, { runOutbox: false, setup: true });
  const saved = await json<{ saved: boolean; problems: string[] }>(backend, 'settings:update', {
    patch: {
      sendDelaySeconds: 0,
      connector: {
        kind: 'sf1601',
        options: {
          endpoint: 'test',
          certificatePath: cfg.mock.clientP12File,
          caFile: cfg.mock.caFile,
          checkDigitalPostStatus: true,
          urls: cfg.mock.urls,
        },
      },
    },
  });
  if (!saved.saved) throw new Error(`settings not saved: ${saved.problems.join('; ')}`);
  await json(backend, 'settings:setCertificatePassword', { password: cfg.mock.clientPassword });
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
    drafts.push(draftId);
  }
  await backend.shutdown();
  report({ type: 'ready', drafts });
}

async function run(cfg: Extract<Sf1601SenderConfig, { mode: 'run' }>): Promise<void> {
  const backend = open(cfg, { runOutbox: true });
  const cycles = await recover(backend);
  report({ type: 'recovered', ms: Math.round(performance.now() - startedAt), cycles });
  if ((await nextLine()) !== 'go') throw new Error('expected "go" from the driver');
  let mine: string | null = null;
  backend.onEvent((name, payload) => {
    if (name !== 'outbox:changed' || mine !== null) return;
    const { item } = payload as EventPayload<'outbox:changed'>;
    if (item.draftId !== cfg.draftId) return;
    // The first event of this draft's row follows the accept's commit, before the worker is kicked.
    mine = item.entry.messageUUID;
    report({ type: 'accepted', outboxId: item.id, messageUUID: mine, state: item.entry.state });
  });
  setInterval(() => undefined, 60_000); // alive until killed
  const submitted = await backend.send.submit({
    draftId: cfg.draftId,
    caseNumber: CASE_NUMBER,
    recipients: [RECIPIENT],
    whenApprovalRequired: 'refuse',
    delaySeconds: 0,
  });
  if (!submitted.created) throw new Error('the draft had been submitted before');
  if (mine === null) throw new Error('no outbox:changed event for the accepted row');
}

async function final(cfg: Extract<Sf1601SenderConfig, { mode: 'final' }>): Promise<void> {
  // The restart after the last kill: recovery, then more worker cycles, which must send nothing.
  const backend = open(cfg, { runOutbox: true });
  await recover(backend);
  for (let i = 0; i < cfg.cycles; i++) await backend.worker!.runOnce();
  const seen = await rowsAndUnresolved(backend);
  await backend.shutdown();
  report({ type: 'done', ...seen });
}

async function resolve(cfg: Extract<Sf1601SenderConfig, { mode: 'resolve' }>): Promise<void> {
  // A person resolves each unknown send through the window's channel; then the worker runs until nothing changes.
  const backend = open(cfg, { runOutbox: true });
  await backend.sendingReady;
  for (const r of cfg.resolutions) {
    const result = await json<{ changed: boolean }>(backend, 'outbox:resolve', r);
    if (!result.changed) throw new Error(`outbox:resolve of ${r.outboxId} changed nothing`);
  }
  await recover(backend);
  for (let i = 0; i < 2; i++) await backend.worker!.runOnce();
  const seen = await rowsAndUnresolved(backend);
  const audit = await json<{ entries: AuditView[] }>(backend, 'audit:list', { limit: 500 });
  const verify = await json<{ intact: boolean; rowsChecked: number; reason: string | null }>(
    backend,
    'audit:verify',
    {},
  );
  await backend.shutdown();
  report({
    type: 'done',
    ...seen,
    audit: audit.entries.filter((e) => e.kind.startsWith('outbox.resolve')),
    verify,
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(await nextLine()) as Sf1601SenderConfig;
  startedAt = performance.now();
  switch (config.mode) {
    case 'setup':
      await setup(config);
      return process.exit(0);
    case 'run':
      return run(config); // waits for the driver's SIGKILL
    case 'final':
      await final(config);
      return process.exit(0);
    case 'resolve':
      await resolve(config);
      return process.exit(0);
  }
}

main().catch((error: unknown) => {
  report({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
