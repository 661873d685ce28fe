import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutgoingMessage } from '../../../src/backend/connectors/connector';
import {
  ATTEMPT_LOG,
  MESSAGES_DIR,
  startSandboxServer,
  type SandboxAttempt,
  type SandboxServer,
  type SandboxServerOptions,
  type SandboxStoredMessage,
} from '../../../src/backend/connectors/sandbox/sandbox-server';
import { createSandboxConnector } from '../../../src/backend/connectors/sandbox/sandbox.connector';
import { REPO_ROOT, tempDir } from '../../support/temp-dir';

const ENTRY = join(REPO_ROOT, 'src/backend/connectors/sandbox/sandbox-main.ts');

/** What the sandbox process reports: `listening`, and `attempt` with `--report-attempts`. */
type SandboxEvent = { event: string; [key: string]: unknown };

interface RunningSandbox {
  child: ChildProcess;
  url: string;
  dataDir: string;
  /** Every event received so far, in order. */
  events: SandboxEvent[];
  /** The first event (already received or still to come) that matches; rejects if the process exits first. */
  waitFor(match: (event: SandboxEvent) => boolean): Promise<SandboxEvent>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

interface StartOptions {
  extraArgs?: string[];
  /** More `execArgv` after `--import tsx` (e.g. the utilityProcess stand-in below). */
  execArgv?: string[];
  /** Turns a raw IPC message into an event; null ignores it. Default: the message itself. */
  toEvent?: (message: unknown) => SandboxEvent | null;
}

/** The sandbox as its own process, as the app and the crash suite run it; resolves once it listens. */
function startSandbox(dataDir: string, options: StartOptions = {}): Promise<RunningSandbox> {
  const { extraArgs = [], execArgv = [], toEvent = (m) => m as SandboxEvent } = options;
  const child = fork(ENTRY, ['--data-dir', dataDir, '--port', '0', ...extraArgs], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  child.stdout?.resume();
  const events: SandboxEvent[] = [];
  const waiters = new Set<{ match: (e: SandboxEvent) => boolean; resolve: (e: SandboxEvent) => void }>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (raw: unknown) => {
    const event = toEvent(raw);
    if (!event) return;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.match(event)) continue;
      waiters.delete(waiter);
      waiter.resolve(event);
    }
  });
  const waitFor = (match: (e: SandboxEvent) => boolean): Promise<SandboxEvent> => {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.add({ match, resolve });
      void exited.then((code) => reject(new Error(`sandbox exited (${code}) before the awaited event`)));
    });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 20_000);
    void exited.then((code) => reject(new Error(`sandbox exited (${code})`)));
    void waitFor((e) => e.event === 'listening' && typeof e.url === 'string').then(
      (listening) => {
        clearTimeout(timer);
        resolve({
          child,
          url: listening.url as string,
          dataDir,
          events,
          waitFor,
          exited,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      },
      () => undefined,
    );
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
/** Duplicate refusal on, `--report-attempts`: as the crash-test driver runs it (attempt events over IPC). */
let reporting: RunningSandbox;
let connector: Connector;

beforeAll(async () => {
  const a = tempDir('sandbox-');
  const b = tempDir('sandbox-');
  const c = tempDir('sandbox-');
  dirs.push(a, b, c);
  [refusing, allowing, reporting] = await Promise.all([
    startSandbox(a.path),
    startSandbox(b.path, { extraArgs: ['--allow-duplicates'] }),
    startSandbox(c.path, { extraArgs: ['--report-attempts'] }),
  ]);
  connector = createSandboxConnector({ baseUrl: refusing.url, timeoutMs: 5_000 });
});

afterAll(async () => {
  await connector?.close();
  await Promise.all([refusing?.stop(), allowing?.stop(), reporting?.stop()]);
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

  it('sandbox stopped: offline and unreachable; restarted on its data, the message is still there', async () => {
    const d = tempDir('sandbox-');
    dirs.push(d);
    const first = await startSandbox(d.path);
    const c = createSandboxConnector({ baseUrl: first.url });
    const m = message();
    const sent = await c.send(m);
    expect(sent.kind).toBe('accepted');
    await first.stop();

    expect((await c.send(message())).kind).toBe('offline');
    expect(await c.lookup(m.messageUUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
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

/** A plain HTTP server standing in for a sandbox whose look-ups fail in ways the real one does not produce. */
async function standIn(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sandbox in this process, on its own temp folder. */
async function inProcess(
  options: Omit<SandboxServerOptions, 'port' | 'dataDir'> = {},
): Promise<{ server: SandboxServer; dataDir: string }> {
  const d = tempDir('sandbox-');
  dirs.push(d);
  return { server: await startSandboxServer({ port: 0, dataDir: d.path, ...options }), dataDir: d.path };
}

describe('sandbox connector: look-up that cannot answer', () => {
  it('a 5xx from the sandbox itself (its message file unreadable): unreachable, asked again later', async () => {
    const { server, dataDir } = await inProcess();
    try {
      const c = createSandboxConnector({ baseUrl: server.url });
      const id = randomUUID();
      // A folder where the message file should be: the sandbox fails reading it and answers 500.
      mkdirSync(join(dataDir, MESSAGES_DIR, `${id}.json`));
      expect(await c.lookup(id)).toEqual({
        kind: 'unreachable',
        message: 'Sandkassen kunne ikke svare på opslaget (500); der spørges igen senere.',
      });
      await c.close();
    } finally {
      await server.close();
    }
  });

  it.each([
    [503, { error: 'busy' }],
    [502, null],
    [200, { receipt: { reference: 'x' } }], // 200 without a readable receipt
  ])('an answer %i that says nothing: unreachable', async (status, body) => {
    const fake = await standIn((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify(body));
    });
    try {
      const c = createSandboxConnector({ baseUrl: fake.url });
      expect(await c.lookup(randomUUID())).toEqual({
        kind: 'unreachable',
        message: `Sandkassen kunne ikke svare på opslaget (${status}); der spørges igen senere.`,
      });
      await c.close();
    } finally {
      await fake.close();
    }
  });

  it('no answer within the look-up timeout: unreachable', async () => {
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    const fake = await standIn(() => asked()); // reads the request, never answers
    try {
      const c = createSandboxConnector({ baseUrl: fake.url, lookupTimeoutMs: 200 });
      const outcome = await c.lookup(randomUUID());
      await wasAsked; // it did connect and ask: this is the timeout, not a refused connection
      expect(outcome).toEqual({
        kind: 'unreachable',
        message: 'Sandkassen svarede ikke på opslaget i tide; der spørges igen senere.',
      });
    } finally {
      await fake.close();
    }
  });

  it('a closed connector: unreachable (a new one can ask)', async () => {
    const c = createSandboxConnector({ baseUrl: refusing.url });
    await c.close();
    expect(await c.lookup(randomUUID())).toEqual({
      kind: 'unreachable',
      message: 'Forbindelsen til sandkassen er lukket.',
    });
  });

  it('lookup: false: GET /messages/<uuid> answers 501 lookup_unavailable, the connector says unavailable', async () => {
    const { server } = await inProcess({ lookup: false });
    try {
      const c = createSandboxConnector({ baseUrl: server.url });
      const m = message();
      expect((await c.send(m)).kind).toBe('accepted'); // deliveries work as usual
      const res = await fetch(`${server.url}/messages/${m.messageUUID}`);
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({
        error: 'lookup_unavailable',
        message: 'Sandkassen er startet uden opslag; den kan ikke svare på, om en meddelelse er modtaget.',
      });
      const expected = {
        kind: 'unavailable',
        message:
          'Sandkassen kan ikke slå meddelelser op: Sandkassen er startet uden opslag; den kan ikke svare på, om ' +
          'en meddelelse er modtaget.',
      };
      expect(await c.lookup(m.messageUUID)).toEqual(expected); // stored, but it cannot say so
      expect(await c.lookup(randomUUID())).toEqual(expected); // nor that one never came
      expect((await c.health()).ok).toBe(true);
      await c.close();
    } finally {
      await server.close();
    }
  });

  it('any 501: unavailable', async () => {
    const fake = await standIn((_req, res) => {
      res.writeHead(501, { connection: 'close' });
      res.end();
    });
    try {
      const c = createSandboxConnector({ baseUrl: fake.url });
      expect(await c.lookup(randomUUID())).toEqual({
        kind: 'unavailable',
        message: 'Sandkassen kan ikke slå meddelelser op: intet svar',
      });
      await c.close();
    } finally {
      await fake.close();
    }
  });
});

describe('sandbox: store_then_hang', () => {
  it('stores the message and never answers: look-up finds it while the send is open, then the send times out as interrupted', async () => {
    const c = createSandboxConnector({ baseUrl: reporting.url, timeoutMs: 2_000 });
    const m = message();
    await setFault(reporting.url, 'store_then_hang', 1);
    const storedEvent = reporting.waitFor((e) => e.event === 'attempt' && e.uuid === m.messageUUID);
    let answered = false;
    const sending = c.send(m).finally(() => (answered = true));

    // The sandbox reports the attempt once it is stored and logged; the send is still waiting for an answer.
    expect(await storedEvent).toEqual({
      event: 'attempt',
      time: expect.stringMatching(/Z$/),
      uuid: m.messageUUID,
      outcome: 'stored_then_hung',
      delivered: true,
      status: null,
    });
    expect(stored(reporting.dataDir, m.messageUUID).memoXml).toBe(m.memoXml);
    const found = await c.lookup(m.messageUUID);
    expect(found).toEqual({ kind: 'delivered', receipt: stored(reporting.dataDir, m.messageUUID).receipt });
    expect(answered).toBe(false);

    expect(await sending).toEqual({
      kind: 'interrupted',
      message: 'Sandkassen svarede ikke inden for 2 sekunder; meddelelsen er måske modtaget og slås op.',
    });
    const { event: _event, ...line } = await storedEvent;
    expect(attempts(reporting.dataDir, m.messageUUID)).toEqual([line]);

    // The outbox's retry with the same UUID: a refused duplicate, accepted with the first receipt.
    const retry = await c.send(m);
    expect(retry).toEqual(found.kind === 'delivered' ? { kind: 'accepted', receipt: found.receipt } : null);
    expect(stored(reporting.dataDir, m.messageUUID).deliveries).toHaveLength(1);
    await c.close();
  });

  it('duplicate refusal on, the UUID already stored: logs duplicate_refused_then_hung (not delivered) and hangs', async () => {
    const c = createSandboxConnector({ baseUrl: reporting.url, timeoutMs: 300 });
    const m = message();
    expect((await c.send(m)).kind).toBe('accepted');
    await setFault(reporting.url, 'store_then_hang', 1);
    const refusedEvent = reporting.waitFor(
      (e) => e.event === 'attempt' && e.uuid === m.messageUUID && e.outcome !== 'stored',
    );
    expect((await c.send(m)).kind).toBe('interrupted');
    expect(await refusedEvent).toMatchObject({
      outcome: 'duplicate_refused_then_hung',
      delivered: false,
      status: null,
    });
    const log = attempts(reporting.dataDir, m.messageUUID);
    expect(log.map((a) => [a.outcome, a.delivered, a.status])).toEqual([
      ['stored', true, 201],
      ['duplicate_refused_then_hung', false, null],
    ]);
    expect(stored(reporting.dataDir, m.messageUUID).deliveries).toHaveLength(1);
    await c.close();
  });

  it('duplicate refusal off, the UUID already stored: stored again as stored_then_hung (a second delivery)', async () => {
    const seen: SandboxAttempt[] = [];
    const { server, dataDir } = await inProcess({ refuseDuplicates: false, onAttempt: (a) => seen.push(a) });
    try {
      const c = createSandboxConnector({ baseUrl: server.url, timeoutMs: 300 });
      const m = message();
      expect((await c.send(m)).kind).toBe('accepted');
      await setFault(server.url, 'store_then_hang', 1);
      expect((await c.send(m)).kind).toBe('interrupted');
      expect(seen.map((a) => [a.outcome, a.delivered, a.status])).toEqual([
        ['stored', true, 201],
        ['stored_then_hung', true, null],
      ]);
      expect(stored(dataDir, m.messageUUID).deliveries).toHaveLength(2);
      await c.close();
    } finally {
      await server.close();
    }
  });

  it('only the next delivery hangs (times: 1); look-ups and health never do', async () => {
    const { server } = await inProcess();
    try {
      const c = createSandboxConnector({ baseUrl: server.url, timeoutMs: 300 });
      await setFault(server.url, 'store_then_hang', 1);
      expect((await c.health()).ok).toBe(true);
      expect(await c.lookup(randomUUID())).toEqual({ kind: 'not_received' });
      expect((await c.send(message())).kind).toBe('interrupted');
      expect((await c.send(message())).kind).toBe('accepted');
      await c.close();
    } finally {
      await server.close(); // also ends the hung connection
    }
  });
});

describe('sandbox: onAttempt', () => {
  it('is called once per attempt, after its line is in attempts.jsonl and the message is stored, before the answer', async () => {
    const order: string[] = [];
    const seen: Array<{ attempt: SandboxAttempt; logged: SandboxAttempt[]; storedThen: boolean }> = [];
    let dataDir = '';
    const started = await inProcess({
      onAttempt: (attempt) => {
        order.push(`attempt:${attempt.outcome}`);
        seen.push({
          attempt,
          logged: attempts(dataDir, attempt.uuid ?? ''),
          storedThen: existsSync(join(dataDir, MESSAGES_DIR, `${attempt.uuid}.json`)),
        });
      },
    });
    dataDir = started.dataDir;
    const { server } = started;
    try {
      const c = createSandboxConnector({ baseUrl: server.url });
      const m = message();
      const outcome = await c.send(m);
      order.push(`answer:${outcome.kind}`);
      await c.send({ ...m, channel: 'bogus' as OutgoingMessage['channel'] });
      expect(order).toEqual(['attempt:stored', 'answer:accepted', 'attempt:invalid']);
      expect(seen[0]).toEqual({
        attempt: {
          time: expect.any(String),
          uuid: m.messageUUID,
          outcome: 'stored',
          delivered: true,
          status: 201,
        },
        logged: [seen[0]?.attempt],
        storedThen: true,
      });
      expect(seen[1]?.attempt).toMatchObject({ uuid: m.messageUUID, outcome: 'invalid', delivered: false });
      expect(attempts(dataDir, m.messageUUID)).toEqual(seen.map((s) => s.attempt));
      await c.close();
    } finally {
      await server.close();
    }
  });

  it('an observer that throws does not change the delivery or its answer', async () => {
    const { server, dataDir } = await inProcess({
      onAttempt: () => {
        throw new Error('observer failed');
      },
    });
    try {
      const c = createSandboxConnector({ baseUrl: server.url });
      const m = message();
      expect((await c.send(m)).kind).toBe('accepted');
      expect(attempts(dataDir, m.messageUUID).map((a) => a.outcome)).toEqual(['stored']);
      await c.close();
    } finally {
      await server.close();
    }
  });
});

describe('sandbox-main', () => {
  it('--report-attempts under fork: listening and each attempt arrive over IPC, the same as the log line', async () => {
    expect(reporting.events[0]).toEqual({
      event: 'listening',
      host: '127.0.0.1',
      port: Number(new URL(reporting.url).port),
      url: reporting.url,
    });
    const c = createSandboxConnector({ baseUrl: reporting.url });
    const m = message();
    const event = reporting.waitFor((e) => e.event === 'attempt' && e.uuid === m.messageUUID);
    expect((await c.send(m)).kind).toBe('accepted');
    const { event: name, ...attempt } = await event;
    expect(name).toBe('attempt');
    expect(attempts(reporting.dataDir, m.messageUUID)).toEqual([attempt]);
    expect(attempt).toMatchObject({ outcome: 'stored', delivered: true, status: 201 });
    await c.close();
  });

  it('without --report-attempts no attempt events are sent', async () => {
    const c = createSandboxConnector({ baseUrl: refusing.url });
    const m = message();
    expect((await c.send(m)).kind).toBe('accepted');
    expect(attempts(refusing.dataDir, m.messageUUID)).toHaveLength(1);
    expect(refusing.events.map((e) => e.event)).toEqual(['listening']);
    await c.close();
  });

  it('--no-lookup: the connector says unavailable; a { type: "stop" } message ends it with exit code 0', async () => {
    const d = tempDir('sandbox-');
    dirs.push(d);
    const sandbox = await startSandbox(d.path, { extraArgs: ['--no-lookup'] });
    try {
      const c = createSandboxConnector({ baseUrl: sandbox.url });
      const m = message();
      expect((await c.send(m)).kind).toBe('accepted');
      expect(await c.lookup(m.messageUUID)).toEqual({
        kind: 'unavailable',
        message: expect.stringContaining('uden opslag'),
      });
      await c.close();
      sandbox.child.send({ type: 'stop' });
      expect(await sandbox.exited).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });

  it('without a parent channel: listening and attempt events are stdout JSON lines; SIGTERM ends it with 0', async () => {
    const d = tempDir('sandbox-');
    dirs.push(d);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ENTRY, '--data-dir', d.path, '--port', '0', '--report-attempts'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const nextLine = async (): Promise<SandboxEvent> => {
      const next = await lines.next();
      if (next.done) throw new Error('stdout ended');
      return JSON.parse(next.value) as SandboxEvent;
    };
    try {
      const listening = await nextLine();
      expect(listening).toMatchObject({ event: 'listening', host: '127.0.0.1', url: expect.any(String) });
      const c = createSandboxConnector({ baseUrl: listening.url as string });
      const m = message();
      expect((await c.send(m)).kind).toBe('accepted');
      const { event, ...attempt } = await nextLine();
      expect(event).toBe('attempt');
      expect(attempts(d.path, m.messageUUID)).toEqual([attempt]);
      await c.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });

  it('as an Electron utilityProcess (process.parentPort, no process.send): events and stop go through parentPort', async () => {
    const d = tempDir('sandbox-');
    dirs.push(d);
    // Stand-in for Electron's utilityProcess: parentPort on top of the fork IPC channel, and no process.send. What
    // the child posts on parentPort arrives tagged `via: 'parentPort'`; only messages addressed `to: 'parentPort'`
    // reach its listeners (as `{ data }`), so a child still using process.send or process.on('message') fails here.
    const preload = join(d.path, 'utility-process-stand-in.mjs');
    writeFileSync(
      preload,
      `const send = process.send.bind(process);
const listeners = [];
process.on('message', (m) => {
  if (m && m.to === 'parentPort') for (const l of listeners) l({ data: m.data, ports: [] });
});
process.parentPort = {
  postMessage: (data) => send({ via: 'parentPort', data }),
  on: (event, listener) => { if (event === 'message') listeners.push(listener); },
};
process.send = undefined;
`,
    );
    const raw: unknown[] = [];
    const sandbox = await startSandbox(join(d.path, 'data'), {
      extraArgs: ['--report-attempts'],
      execArgv: ['--import', pathToFileURL(preload).href],
      toEvent: (message) => {
        raw.push(message);
        const m = message as { via?: unknown; data?: unknown };
        return m.via === 'parentPort' ? (m.data as SandboxEvent) : null;
      },
    });
    try {
      expect(sandbox.events[0]).toMatchObject({ event: 'listening', url: sandbox.url });
      // Not addressed to parentPort: a child listening on process.on('message') would stop and refuse the send below.
      sandbox.child.send({ type: 'stop' });
      const c = createSandboxConnector({ baseUrl: sandbox.url });
      const m = message();
      const attempt = sandbox.waitFor((e) => e.event === 'attempt' && e.uuid === m.messageUUID);
      expect((await c.send(m)).kind).toBe('accepted');
      expect(await attempt).toMatchObject({ event: 'attempt', outcome: 'stored', delivered: true });
      await c.close();
      // Everything the child sent came through parentPort.
      expect(raw.every((message) => (message as { via?: unknown }).via === 'parentPort')).toBe(true);
      sandbox.child.send({ to: 'parentPort', data: { type: 'stop' } });
      expect(await sandbox.exited).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });
});
