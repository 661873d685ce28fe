import { fork, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import type { ProcessHost } from '../../src/backend/documents/process-host';
import { readProcRssBytes } from '../../src/backend/documents/process-host';
import { OFFLINE_RETRY_MS, RETRY_BASE_MS } from '../../src/core/outbox/backoff';
import type { Settings } from '../../src/shared/domain/settings';
import type { OutboxItem } from '../../src/backend/services/outbox.service';
import { CANARY, CANARY_NEEDLES, canaryCaseFile, canaryLetter } from '../fixtures/documents/canary-letter';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../support/fakes';
import { REPO_ROOT, RESOURCES_DIR, tempDir } from '../support/temp-dir';

/**
 * The log canary: a citizen whose CPR number, name, address and letter text appear nowhere else is taken through the
 * whole flow (import, analysis, preview, proposal, check, a refused and a malformed call, submit, sending through the
 * sandbox and the folder connector, a 5xx and its retry, a dropped answer and the look-up that settles it, an offline
 * folder and its return), in this process with a MemoryLogger and through the `sendeassistent` command. Then no log
 * may hold any of it: not the logger's lines, not the command's stdout or stderr, not what any child process (the PDF
 * worker, the sandbox) writes, not the sandbox's events to its parent.
 *
 * Where the canary legitimately is — the store, the sandbox's and the folder's copies of the MeMo, the PDF worker's
 * answers over IPC — is data, not a log; the test checks it is there, so that its absence elsewhere means something.
 */

/** Every needle found in `text`, case-insensitively. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return CANARY_NEEDLES.filter((n) => lower.includes(n.toLowerCase()));
}

const CPR_DIGITS = CANARY.cpr.replace('-', '');
const SENDER = { cvr: '12345678', name: 'Demo Kommune' };
const CASE_SYSTEM = 'Demo-ESDH';
const PASSPHRASE = 'en lang nok adgangsfrase til kanarietesten';
// The command from source: this phase runs before the build (the built bin is tested in test/e2e/cli-*.spec.ts).
const BIN = join(REPO_ROOT, 'test', 'support', 'cli-from-source.cjs');

interface ChildRecord {
  modulePath: string;
  stdout: string;
  stderr: string;
  /** Messages to the parent; kept for the sandbox only (the PDF worker's answers carry the text as data). */
  messages: unknown[];
}

/** The fork host of tests and the CLI, except that it keeps each child's stdout, stderr and (sandbox) messages. */
function recordingProcessHost(children: ChildRecord[]): ProcessHost {
  return {
    start(entry) {
      const record: ChildRecord = { modulePath: entry.modulePath, stdout: '', stderr: '', messages: [] };
      children.push(record);
      const isSandbox = /sandbox/.test(entry.modulePath);
      const child = fork(entry.modulePath, entry.args ?? [], {
        execArgv: entry.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child.stdout?.setEncoding('utf8').on('data', (s: string) => (record.stdout += s));
      child.stderr?.setEncoding('utf8').on('data', (s: string) => (record.stderr += s));
      if (isSandbox) child.on('message', (m) => record.messages.push(m));
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message as never);
        },
        onMessage: (listener) => {
          child.on('message', listener);
          return () => void child.off('message', listener);
        },
        onExit: (listener) => {
          const wrapped = (code: number | null, signal: NodeJS.Signals | null) => listener({ code, signal });
          child.on('exit', wrapped);
          return () => void child.off('exit', wrapped);
        },
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
        sampleRssBytes: () => readProcRssBytes(child.pid),
      };
    },
  };
}

function post(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function dir(): string {
  const d = tempDir('sendeassistent-canary-');
  cleanups.push(d.cleanup);
  return d.path;
}

let letter: Buffer;
beforeAll(async () => {
  letter = await canaryLetter();
});

describe('the log canary', () => {
  it('the needles are found where the canary is (the search can fail)', () => {
    expect(leaks(`{"recipient":"${CPR_DIGITS}"}`)).toContain('2412999992');
    expect(leaks(`Kære ${CANARY.name.toUpperCase()}`)).toEqual(['Kanarie', 'Fuglesang']);
    expect(leaks(CANARY.sentence)).toEqual(expect.arrayContaining(['Solsortestien', 'papegøjeburet']));
    expect(leaks('{"event":"document.analyzed","pages":1}')).toEqual([]);
  });

  it('in this process: nothing of the citizen or the letter reaches the logger or a child process output', async () => {
    const dataDir = dir();
    const outParent = dir();
    const outDir = join(outParent, 'ud');
    const clock = new FakeClock();
    const logger = new MemoryLogger();
    const children: ChildRecord[] = [];
    const keyStore = new FakeKeyStore();
    const open = (connectorSetting: Settings['connector']): Backend =>
      createBackend({
        dataDir,
        resourcesDir: RESOURCES_DIR,
        keyStore,
        currentUser: fakeUser(),
        logger,
        clock,
        appVersion: '0.0.0-test',
        seedDemoData: false,
        processHost: recordingProcessHost(children),
        runOutbox: true,
        connectorSetting,
      });

    let backend = open({ kind: 'sandbox', options: {} });
    const call = async (channel: string, input: unknown): Promise<unknown> => {
      const res = await backend.dispatcher.json(channel, input);
      if (!res.ok) throw new Error(`${channel}: ${res.error.code}`);
      return res.value;
    };
    const analyse = async (jobId: string): Promise<string> => {
      const res = await backend.dispatcher.binary(
        'documents:analyze',
        letter,
        { fileName: CANARY.fileName, caseNumber: CANARY.caseNumber, jobId },
        'application/octet-stream',
      );
      if (!res.ok) throw new Error(`documents:analyze: ${res.error.code}`);
      const { draftId, analysis } = res.value as {
        draftId: string;
        analysis: { entities: { cprs: Array<{ value: string }>; salutationNames: string[] } };
      };
      // The analysis did see the canary: the CPR number and the name in the salutation.
      expect(analysis.entities.cprs.map((c) => c.value)).toContain(CANARY.cpr);
      expect(analysis.entities.salutationNames).toContain(CANARY.name);
      return draftId;
    };
    const submit = async (draftId: string): Promise<OutboxItem> => {
      const out = (await call('outbox:submit', {
        draftId,
        caseNumber: CANARY.caseNumber,
        recipients: ['p1'],
      })) as { items: OutboxItem[]; approvalRequired: boolean };
      expect(out.approvalRequired).toBe(false);
      expect(out.items).toHaveLength(1);
      return out.items[0]!;
    };
    const state = (id: string) => backend.outbox.get(id).entry;
    const delay = 30_000;

    try {
      await backend.sendingReady;
      await call('settings:update', {
        patch: { sender: SENDER, caseSystem: CASE_SYSTEM, sendDelaySeconds: delay / 1000 },
      });
      await call('cases:import', {
        fileName: `sager ${CANARY.name}.json`,
        format: 'json',
        content: canaryCaseFile('2026-11-27'),
      });
      await call('cases:list', { query: CANARY.name });
      await call('cases:get', { caseNumber: CANARY.caseNumber });
      const inspected = await backend.dispatcher.binary(
        'documents:inspect',
        letter,
        { fileName: CANARY.fileName },
        'application/octet-stream',
      );
      expect(inspected.ok).toBe(true);

      // 1. Analysis, preview, proposal, check, a refused and a malformed call, submit, sent by the sandbox.
      const first = await analyse('kanarie-1');
      await call('documents:preview', { draftId: first, page: 1 });
      await call('recipients:propose', { caseNumber: CANARY.caseNumber, documentType: 'indkaldelse' });
      const checked = (await call('drafts:check', {
        draftId: first,
        caseNumber: CANARY.caseNumber,
        recipients: ['p1'],
      })) as { check: { verdict: string } };
      expect(checked.check.verdict).toBe('ok');
      await call('drafts:list', {});
      const refused = await backend.dispatcher.json('outbox:submit', {
        draftId: first,
        caseNumber: CANARY.caseNumber,
        recipients: ['p9'],
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'RECIPIENT_NOT_ELIGIBLE' } });
      const malformed = await backend.dispatcher.json('drafts:check', {
        draftId: CANARY.cpr,
        caseNumber: CANARY.name,
      });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

      const sent = await submit(first);
      clock.advance(delay);
      await backend.worker!.runOnce();
      expect(state(sent.id).state).toBe('sent');

      const sandbox = children.find((c) => /sandbox/.test(c.modulePath));
      const listening = sandbox?.messages.find((m) => (m as { event?: string }).event === 'listening') as
        { url: string } | undefined;
      expect(listening?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const url = listening!.url;

      // 2. A 5xx, then the retry after the backoff.
      expect(await post(`${url}/__faults`, { mode: 'fail_5xx', times: 1 })).toBe(200);
      const retried = await submit(await analyse('kanarie-2'));
      clock.advance(delay);
      await backend.worker!.runOnce();
      expect(state(retried.id)).toMatchObject({
        state: 'failed_retryable',
        lastError: { kind: 'server_error' },
      });
      clock.advance(RETRY_BASE_MS);
      await backend.worker!.runOnce();
      expect(state(retried.id).state).toBe('sent');

      // 3. The answer is lost after the sandbox stored it: unknown, then the look-up by UUID finds it.
      expect(await post(`${url}/__faults`, { mode: 'accept_then_drop', times: 1 })).toBe(200);
      const lookedUp = await submit(await analyse('kanarie-3'));
      clock.advance(delay);
      await backend.worker!.runOnce();
      expect(state(lookedUp.id).state).toBe('sent');
      const kinds = (
        (await call('audit:list', { limit: 500 })) as { entries: Array<{ kind: string; details: unknown }> }
      ).entries
        .filter((e) => JSON.stringify(e.details).includes(lookedUp.id))
        .map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['outbox.interrupted', 'outbox.lookup_delivered']));

      const attempts = readFileSync(join(dataDir, 'sandbox', 'attempts.jsonl'), 'utf8');
      expect(attempts).toContain('"fault_5xx"');
      expect(attempts).toContain('"stored_then_dropped"');
      // The sandbox's storage is data and holds the MeMo, which names the recipient by CPR number.
      const stored = readFileSync(
        join(dataDir, 'sandbox', 'messages', `${sent.entry.messageUUID}.json`),
        'utf8',
      );
      expect(leaks(stored)).toContain(CPR_DIGITS);
      await backend.shutdown();

      // 4. The folder connector: the folder is missing for a while (offline), then it is there.
      backend = open({ kind: 'folder', options: { outDir } });
      await backend.sendingReady;
      const offline = await submit(await analyse('kanarie-4'));
      clock.advance(delay);
      await backend.worker!.runOnce();
      expect(state(offline.id)).toMatchObject({ state: 'queued', lastError: { kind: 'offline' } });
      mkdirSync(outDir);
      clock.advance(OFFLINE_RETRY_MS);
      await backend.worker!.runOnce();
      expect(state(offline.id).state).toBe('sent');
      const xml = readFileSync(join(outDir, `${offline.entry.messageUUID}.xml`), 'utf8');
      expect(leaks(xml)).toEqual(expect.arrayContaining([CPR_DIGITS, 'Kanarie', 'Fuglesang']));
    } finally {
      await backend.shutdown();
    }

    // The net was cast: the logger heard the flow, and the children were heard.
    const events = logger.lines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(
      expect.arrayContaining([
        'sandbox started',
        'outbox worker lease taken',
        'document.analyzed',
        'document.page_rendered',
        'call.refused',
        'call.invalid_input',
      ]),
    );
    expect(children.filter((c) => /sandbox/.test(c.modulePath))).toHaveLength(1);
    expect(children.some((c) => /pdf-worker/.test(c.modulePath))).toBe(true);
    expect(children.find((c) => /sandbox/.test(c.modulePath))!.stdout).toContain('"event":"listening"');

    // And none of it holds the canary.
    expect(logger.lines.flatMap((line) => leaks(line).map((n) => `${n} in ${line}`))).toEqual([]);
    for (const child of children) {
      expect(leaks(child.stdout), `stdout of ${child.modulePath}`).toEqual([]);
      expect(leaks(child.stderr), `stderr of ${child.modulePath}`).toEqual([]);
      expect(leaks(JSON.stringify(child.messages)), `messages of ${child.modulePath}`).toEqual([]);
    }
  });

  it('through the command: nothing of it in stdout or stderr of the command or of its child processes', async () => {
    const work = dir();
    const dataDir = join(work, 'data');
    const teeDir = join(work, 'tee');
    mkdirSync(dataDir);
    mkdirSync(teeDir);
    // Loaded into the command and every Node process it starts (NODE_OPTIONS is inherited): copies what each one
    // writes to stdout and stderr, and what the sandbox sends its parent, to files here. The command itself
    // discards its children's output, so this is the only way to hear them.
    const tee = join(work, 'tee.cjs');
    writeFileSync(
      tee,
      `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const dir = process.env.CANARY_TEE_DIR;
if (dir) {
  const tag = process.pid + '-' + path.basename(process.argv[1] || 'node');
  fs.writeFileSync(path.join(dir, tag + '.loaded'), '');
  const keep = (kind, chunk) => {
    try { fs.appendFileSync(path.join(dir, tag + '.' + kind + '.log'), typeof chunk === 'string' ? chunk : Buffer.from(chunk)); } catch {}
  };
  for (const name of ['stdout', 'stderr']) {
    const stream = process[name];
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => { keep(name, chunk); return write(chunk, ...rest); };
  }
  if (typeof process.send === 'function' && /sandbox/.test(process.argv[1] || '')) {
    const send = process.send.bind(process);
    process.send = (message, ...rest) => { keep('ipc', JSON.stringify(message) + '\\n'); return send(message, ...rest); };
  }
}
`,
    );
    const cases = join(work, `sager ${CANARY.name}.json`);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
    writeFileSync(cases, canaryCaseFile(today));
    const document = join(work, CANARY.fileName);
    writeFileSync(document, letter);
    const out = join(work, 'ud');

    const outputs: Array<{ command: string; text: string }> = [];
    const run = (args: string[]): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            SENDEASSISTENT_PASSPHRASE: PASSPHRASE,
            NODE_OPTIONS: `--require ${tee}`,
            CANARY_TEE_DIR: teeDir,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let text = '';
        child.stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
        child.stderr.setEncoding('utf8').on('data', (s: string) => (text += s));
        child.on('error', reject);
        child.on('close', (code) => {
          outputs.push({ command: `sendeassistent ${args.join(' ')}`, text });
          resolve(code);
        });
      });
    const send = (recipient: string, extra: string[]) =>
      run([
        'send',
        '--cases',
        cases,
        '--case',
        CANARY.caseNumber,
        '--document',
        document,
        '--recipient',
        recipient,
        '--data-dir',
        dataDir,
        '--delay',
        '0',
        ...extra,
      ]);

    const last = () => JSON.stringify(outputs.at(-1));
    // Settings missing (the store is created), then set; sent through the sandbox; the folder missing (queued);
    // the folder there (sent); a recipient who is not a party (refused); settings and history shown.
    expect(await send('p1', ['--connector', 'sandbox', '--json']), last()).toBe(2);
    expect(
      await run(['settings', 'set', 'sender', JSON.stringify(SENDER), '--data-dir', dataDir]),
      last(),
    ).toBe(0);
    expect(
      await run(['settings', 'set', 'caseSystem', JSON.stringify(CASE_SYSTEM), '--data-dir', dataDir]),
    ).toBe(0);
    expect(await send('p1', ['--connector', 'sandbox', '--json']), last()).toBe(0);
    expect(await send('p1', ['--connector', 'sandbox']), last()).toBe(0);
    expect(await send('p1', ['--connector', 'folder', '--out', out, '--json']), last()).toBe(4);
    expect(await send('p1', ['--connector', 'folder', '--out', out]), last()).toBe(4);
    mkdirSync(out);
    expect(await send('p1', ['--connector', 'folder', '--out', out, '--json']), last()).toBe(0);
    expect(await send('p9', ['--connector', 'folder', '--out', out, '--json']), last()).toBe(3);
    expect(await run(['settings', 'show', '--data-dir', dataDir]), last()).toBe(0);
    expect(await run(['audit', 'verify', '--data-dir', dataDir]), last()).toBe(0);

    // The canary went through: the folder's MeMo names the recipient by CPR number and name.
    const xmls = readdirSync(out).filter((f) => f.endsWith('.xml'));
    expect(xmls.length).toBeGreaterThanOrEqual(1);
    for (const xml of xmls) {
      expect(leaks(readFileSync(join(out, xml), 'utf8'))).toEqual(
        expect.arrayContaining([CPR_DIGITS, 'Kanarie', 'Fuglesang']),
      );
    }

    // The children were heard: the tee was loaded into the command, the PDF worker and the sandbox, and it caught the
    // sandbox's stdout line and its message to the parent.
    const teeFiles = readdirSync(teeDir);
    // From source (this phase runs before the build): the command, the PDF worker's dev entry, the sandbox's entry.
    expect(teeFiles.some((f) => /-cli-from-source\.cjs\.loaded$/.test(f))).toBe(true);
    expect(teeFiles.some((f) => /-pdf-worker-dev\.cjs\.loaded$/.test(f))).toBe(true);
    expect(teeFiles.some((f) => /-sandbox-main\.ts\.loaded$/.test(f))).toBe(true);
    const sandboxOut = teeFiles.filter((f) => /-sandbox-main\.ts\.stdout\.log$/.test(f));
    expect(sandboxOut.length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(teeDir, sandboxOut[0]!), 'utf8')).toContain('"event":"listening"');
    expect(teeFiles.some((f) => /-sandbox-main\.ts\.ipc\.log$/.test(f))).toBe(true);
    expect(teeFiles.some((f) => /-cli-from-source\.cjs\.stdout\.log$/.test(f))).toBe(true);

    // (The command lines themselves name the files, whose names carry the canary: only what the command wrote counts.)
    for (const { command, text } of outputs) expect(leaks(text), `${command}\n${text}`).toEqual([]);
    for (const file of teeFiles) {
      const text = readFileSync(join(teeDir, file), 'utf8');
      expect(leaks(text), `${file}:\n${text}`).toEqual([]);
    }
  });
});
