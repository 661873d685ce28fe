import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutgoingMessage } from '../../../src/backend/connectors/connector';
import {
  ATTEMPT_LOG,
  MESSAGES_DIR,
  type SandboxAttempt,
  type SandboxStoredMessage,
} from '../../../src/backend/connectors/sandbox/sandbox-server';
import { createSandboxConnector } from '../../../src/backend/connectors/sandbox/sandbox.connector';
import { REPO_ROOT, tempDir } from '../../support/temp-dir';

const ENTRY = join(REPO_ROOT, 'src/backend/connectors/sandbox/sandbox-main.ts');

interface RunningSandbox {
  child: ChildProcess;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The sandbox as its own process, as the app and the crash suite run it; resolves once it listens. */
function startSandbox(dataDir: string, extraArgs: string[] = []): Promise<RunningSandbox> {
  const child = fork(ENTRY, ['--data-dir', dataDir, '--port', '0', ...extraArgs], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 20_000);
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
    child.on('message', (message: { event?: string; url?: string; message?: string }) => {
      if (message.event !== 'listening' || !message.url) return;
      clearTimeout(timer);
      resolve({
        child,
        url: message.url,
        dataDir,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

function memoXml(uuid: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" ' +
    `memoVersion="1.1" memoSchVersion="1.1.0"><memo:MessageHeader><memo:messageUUID>${uuid}</memo:messageUUID>` +
    '<memo:label>Afgørelse</memo:label></memo:MessageHeader></memo:Message>'
  );
}

function message(channel: OutgoingMessage['channel'] = 'digital'): OutgoingMessage {
  const messageUUID = randomUUID();
  return {
    messageUUID,
    memoXml: memoXml(messageUUID),
    channel,
    ...(channel === 'physical'
      ? { postalAddress: { name: 'Modtager', street: 'Vejen 1', postalCode: '5000', city: 'Odense C' } }
      : {}),
  };
}

function attempts(dataDir: string, uuid: string): SandboxAttempt[] {
  const path = join(dataDir, ATTEMPT_LOG);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SandboxAttempt)
    .filter((a) => a.uuid === uuid);
}

function stored(dataDir: string, uuid: string): SandboxStoredMessage {
  return JSON.parse(
    readFileSync(join(dataDir, MESSAGES_DIR, `${uuid}.json`), 'utf8'),
  ) as SandboxStoredMessage;
}

async function setFault(url: string, mode: string, times: number): Promise<void> {
  const res = await fetch(`${url}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode, times }),
  });
  expect(res.status).toBe(200);
}

const dirs: Array<{ cleanup: () => void }> = [];
let refusing: RunningSandbox;
let allowing: RunningSandbox;
let connector: Connector;

beforeAll(async () => {
  const a = tempDir('sandbox-');
  const b = tempDir('sandbox-');
  dirs.push(a, b);
  [refusing, allowing] = await Promise.all([
    startSandbox(a.path),
    startSandbox(b.path, ['--allow-duplicates']),
  ]);
  connector = createSandboxConnector({ baseUrl: refusing.url, timeoutMs: 5_000 });
});

afterAll(async () => {
  await connector?.close();
  await Promise.all([refusing?.stop(), allowing?.stop()]);
  for (const d of dirs) d.cleanup();
});

describe('sandbox connector against the sandbox process', () => {
  it('sends a message: accepted with a receipt, stored in its own file, and logged once', async () => {
    const m = message();
    const outcome = await connector.send(m);
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    expect(outcome.receipt.text).toBe('Afleveret til Digital Post');
    expect(outcome.receipt.reference).toMatch(/^SANDBOX-/);
    expect(outcome.receipt.receivedAt).toMatch(/Z$/);
    const file = stored(refusing.dataDir, m.messageUUID);
    expect(file.memoXml).toBe(m.memoXml);
    expect(file.channel).toBe('digital');
    expect(file.receipt).toEqual(outcome.receipt);
    expect(attempts(refusing.dataDir, m.messageUUID).map((a) => a.outcome)).toEqual(['stored']);

    expect(await connector.lookup(m.messageUUID)).toEqual({ kind: 'delivered', receipt: outcome.receipt });
    expect(await connector.lookup(randomUUID())).toEqual({ kind: 'not_received' });
    expect((await connector.health()).ok).toBe(true);
  });

  it('says "Fysisk Post" for a physical send and records the channel and address', async () => {
    const m = message('physical');
    const outcome = await connector.send(m);
    expect(outcome).toMatchObject({ kind: 'accepted', receipt: { text: 'Afleveret til Fysisk Post' } });
    const file = stored(refusing.dataDir, m.messageUUID);
    expect(file.channel).toBe('physical');
    expect(file.postalAddress?.city).toBe('Odense C');
  });

  it('refuses a physical send without an address: rejected, nothing stored', async () => {
    const m = { ...message('physical'), postalAddress: undefined };
    expect((await connector.send(m)).kind).toBe('rejected');
    expect(existsSync(join(refusing.dataDir, MESSAGES_DIR, `${m.messageUUID}.json`))).toBe(false);
  });

  it('duplicate refusal on: a resend is accepted with the first receipt, 2 attempts, 1 delivery', async () => {
    const m = message();
    const first = await connector.send(m);
    const second = await connector.send(m);
    expect(first.kind).toBe('accepted');
    expect(second).toEqual(first);
    const log = attempts(refusing.dataDir, m.messageUUID);
    expect(log.map((a) => a.outcome)).toEqual(['stored', 'duplicate_refused']);
    expect(log.filter((a) => a.delivered)).toHaveLength(1);
    expect(stored(refusing.dataDir, m.messageUUID).deliveries).toHaveLength(1);
  });

  it('duplicate refusal on: another message under the same UUID is rejected', async () => {
    const m = message();
    expect((await connector.send(m)).kind).toBe('accepted');
    const other = { ...m, memoXml: m.memoXml.replace('Afgørelse', 'Noget andet') };
    expect((await connector.send(other)).kind).toBe('rejected');
  });

  it('duplicate refusal off: a second delivery is stored and the attempt log shows two deliveries', async () => {
    const allowingConnector = createSandboxConnector({ baseUrl: allowing.url });
    const m = message();
    const first = await allowingConnector.send(m);
    const second = await allowingConnector.send(m);
    expect(first.kind).toBe('accepted');
    expect(second.kind).toBe('accepted');
    const log = attempts(allowing.dataDir, m.messageUUID);
    expect(log.map((a) => a.outcome)).toEqual(['stored', 'stored']);
    expect(log.filter((a) => a.delivered)).toHaveLength(2);
    const file = stored(allowing.dataDir, m.messageUUID);
    expect(file.deliveries).toHaveLength(2);
    // Look-ups keep answering with the first receipt.
    if (first.kind === 'accepted') {
      expect(await allowingConnector.lookup(m.messageUUID)).toEqual({
        kind: 'delivered',
        receipt: first.receipt,
      });
    }
    await allowingConnector.close();
  });

  it('fail_5xx: server_error, nothing stored, the next send goes through', async () => {
    const m = message();
    await setFault(refusing.url, 'fail_5xx', 1);
    expect((await connector.send(m)).kind).toBe('server_error');
    expect(await connector.lookup(m.messageUUID)).toEqual({ kind: 'not_received' });
    expect((await connector.send(m)).kind).toBe('accepted');
    expect(attempts(refusing.dataDir, m.messageUUID).map((a) => a.outcome)).toEqual(['fault_5xx', 'stored']);
  });

  it('fail_4xx: rejected, nothing stored', async () => {
    const m = message();
    await setFault(refusing.url, 'fail_4xx', 1);
    expect((await connector.send(m)).kind).toBe('rejected');
    expect(await connector.lookup(m.messageUUID)).toEqual({ kind: 'not_received' });
  });

  it('accept_then_drop: interrupted, and the look-up then says delivered', async () => {
    const m = message();
    await setFault(refusing.url, 'accept_then_drop', 1);
    const outcome = await connector.send(m);
    expect(outcome.kind).toBe('interrupted');
    const found = await connector.lookup(m.messageUUID);
    expect(found.kind).toBe('delivered');
    expect(attempts(refusing.dataDir, m.messageUUID).map((a) => a.outcome)).toEqual(['stored_then_dropped']);
    // The outbox's retry after the lost answer: recognisably the same message, accepted with the first receipt.
    const retry = await connector.send(m);
    expect(retry.kind).toBe('accepted');
    if (retry.kind === 'accepted' && found.kind === 'delivered') expect(retry.receipt).toEqual(found.receipt);
  });

  it('hang with a short timeout: interrupted, nothing stored', async () => {
    const short = createSandboxConnector({ baseUrl: refusing.url, timeoutMs: 300 });
    const m = message();
    await setFault(refusing.url, 'hang', 1);
    const started = Date.now();
    expect((await short.send(m)).kind).toBe('interrupted');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await short.lookup(m.messageUUID)).toEqual({ kind: 'not_received' });
    await short.close();
  });

  it('sandbox stopped: offline and unavailable; restarted on its data, the message is still there', async () => {
    const d = tempDir('sandbox-');
    dirs.push(d);
    const first = await startSandbox(d.path);
    const c = createSandboxConnector({ baseUrl: first.url });
    const m = message();
    const sent = await c.send(m);
    expect(sent.kind).toBe('accepted');
    await first.stop();

    expect((await c.send(message())).kind).toBe('offline');
    expect((await c.lookup(m.messageUUID)).kind).toBe('unavailable');
    expect((await c.health()).ok).toBe(false);

    const second = await startSandbox(d.path);
    try {
      const again = createSandboxConnector({ baseUrl: second.url });
      const found = await again.lookup(m.messageUUID);
      expect(found.kind).toBe('delivered');
      if (found.kind === 'delivered' && sent.kind === 'accepted') expect(found.receipt).toEqual(sent.receipt);
      await again.close();
    } finally {
      await second.stop();
    }
    await c.close();
  });

  it('an unknown host name: offline', async () => {
    const c = createSandboxConnector({ baseUrl: 'http://sandbox.invalid:1', timeoutMs: 2_000 });
    expect((await c.send(message())).kind).toBe('offline');
  });
});
