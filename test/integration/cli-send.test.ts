import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  SendOutcome,
} from '../../src/backend/connectors/connector';
import { createBackend, type BackendOptions } from '../../src/backend/create-backend';
import { DB_FILE, openStore } from '../../src/backend/db/store';
import { silentLogger } from '../../src/backend/ports';
import type { OutboxItem } from '../../src/backend/services/outbox.service';
import { OFFLINE_RETRY_MS } from '../../src/core/outbox/backoff';
import { fakeUser } from '../support/fakes';
import { REPO_ROOT, RESOURCES_DIR, tempDir } from '../support/temp-dir';

/**
 * `sendeassistent send` and `settings` as a user runs them: the command's runCli with the bin's host, from source
 * (test/support/cli-from-source.cjs) in its own process, on a real encrypted store opened by passphrase, with the
 * real folder connector and the real sandbox process. The store is inspected afterwards from this process.
 */

// The command from source: this phase runs before the build (the built bin is tested in test/e2e/cli-*.spec.ts).
const BIN = join(REPO_ROOT, 'test', 'support', 'cli-from-source.cjs');
const XMLLINT = '/usr/bin/xmllint';
const MEMO_CORE_XSD = join(RESOURCES_DIR, 'xsd', 'memo-1.1', 'MeMo_core.xsd');
const LETTERS = join(RESOURCES_DIR, 'demo', 'letters');
const PASSPHRASE = 'en lang nok adgangsfrase til cli-testen';
const SENDER = { cvr: '12345678', name: 'Demo Kommune' };
const CASE_SYSTEM = 'Demo-ESDH';

const OLIVER_CASE = '27.24.06-G01-088-26';
const OLIVER_LETTER = join(LETTERS, '05-oliver-indkaldelse.pdf');
const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(xml|json)$/;

interface ManifestLetter {
  file: string;
  caseNumber: string;
  recipients?: string[];
  correct: boolean;
  expectFindings?: string[];
  expectVerdict?: 'block' | 'warn';
}
interface DemoParty {
  id: string;
  name: string;
  cpr?: string;
  cvr?: string;
}
interface DemoCase {
  caseNumber: string;
  asOf: string;
  parties: DemoParty[];
}

const manifest = JSON.parse(readFileSync(join(LETTERS, 'manifest.json'), 'utf8')) as {
  letters: ManifestLetter[];
};
const demoCases = (
  JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')) as {
    cases: DemoCase[];
  }
).cases;

/** The recipients `sendeassistent check` proposes for the wrong letters whose manifest line names none. */
const PROPOSED: Record<string, string[]> = {
  '51-forkert-sagsnummer.pdf': ['p2'],
  '52-forkert-barn.pdf': ['p2', 'p3'],
  '54-forkert-navn-i-hilsen.pdf': ['p1'],
  '55-orientering-med-mors-cpr.pdf': ['p3'],
  '58-aegtefaelles-cpr-foraeldet-sag.pdf': ['p1'],
};

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin in its own process; the passphrase comes from the environment, as for a user. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    SENDEASSISTENT_PASSPHRASE: PASSPHRASE,
    ...env,
  };
  const childEnv = Object.fromEntries(
    Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The exit code, with the output in the failure message when it is not the expected one. */
function expectExit(run: CliRun, code: number): void {
  expect(run.code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(code);
}

interface SendReport {
  result: 'sent' | 'queued' | 'refused' | 'connector_failed';
  sentBy?: string;
  error?: { code: string; message: string };
  items: Array<{
    outboxId: string;
    messageUUID: string;
    recipientPartyId: string;
    channel: string;
    state: string;
    receipt: { reference: string | null; receivedAt: string; text: string | null } | null;
    lastError: { kind: string; message: string } | null;
  }>;
}

function report(run: CliRun): SendReport {
  try {
    return JSON.parse(run.stdout) as SendReport;
  } catch {
    throw new Error(`stdout is not one JSON report:\n${run.stdout}\nstderr: ${run.stderr}`);
  }
}

function sendArgs(
  dataDir: string,
  casesFile: string,
  caseNumber: string,
  document: string,
  recipients: string[],
  extra: string[] = [],
): string[] {
  return [
    'send',
    '--cases',
    casesFile,
    '--case',
    caseNumber,
    '--document',
    document,
    ...recipients.flatMap((r) => ['--recipient', r]),
    '--data-dir',
    dataDir,
    ...extra,
  ];
}

function backendOptions(dataDir: string, over: Partial<BackendOptions> = {}): BackendOptions {
  return {
    dataDir,
    resourcesDir: RESOURCES_DIR,
    passphrase: PASSPHRASE,
    currentUser: fakeUser(),
    seedDemoData: false,
    appVersion: '0.0.0-test',
    ...over,
  };
}

/** The outbox rows of a store, read from this process without changing anything; none when there is no store. */
function outboxOf(dataDir: string): OutboxItem[] {
  if (!existsSync(join(dataDir, DB_FILE))) return [];
  const backend = createBackend(backendOptions(dataDir, { allowCreate: false, inspectOnly: true }));
  try {
    return backend.outbox.list();
  } finally {
    backend.close();
  }
}

const cleanups: Array<() => void> = [];
function dir(): string {
  const d = tempDir('sendeassistent-cli-send-');
  cleanups.push(d.cleanup);
  return d.path;
}

/** A store created by passphrase with the sender and case system set, as after `settings set`. */
async function readyDataDir(): Promise<string> {
  const dataDir = dir();
  const backend = createBackend(backendOptions(dataDir));
  try {
    const saved = await backend.dispatcher.json('settings:update', {
      patch: { sender: SENDER, caseSystem: CASE_SYSTEM },
    });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
  } finally {
    backend.close();
  }
  return dataDir;
}

/**
 * The demo case file with `asOf` set to today (Danish date), except for the case whose letter is meant to be stale:
 * the CLI checks against the wall clock (there is no --today for send), and the demo's dates would otherwise turn
 * every letter into a CASE_DATA_STALE warning 90 days after they were written.
 */
function demoCasesFile(): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
  const stale = new Set(
    manifest.letters.filter((l) => l.expectFindings?.includes('CASE_DATA_STALE')).map((l) => l.caseNumber),
  );
  const data = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')) as {
    cases: DemoCase[];
  };
  for (const c of data.cases) if (!stale.has(c.caseNumber)) c.asOf = today;
  const file = join(dir(), 'sager.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** Every spelling of the parties' CPR numbers and every part of their names: none may be in a file name. */
function personalStrings(): string[] {
  const out = new Set<string>();
  for (const c of demoCases) {
    for (const p of c.parties) {
      if (p.cpr) {
        out.add(p.cpr);
        out.add(p.cpr.replace('-', ''));
      }
      for (const part of p.name.split(/[\s,]+/)) if (part.length >= 3) out.add(part.toLowerCase());
    }
  }
  return [...out];
}

function xmllint(file: string): { status: number | null; output: string } {
  if (!existsSync(XMLLINT)) {
    throw new Error(
      `${XMLLINT} mangler: MeMo-filerne skal valideres med Debians xmllint. Installér pakken libxml2-utils ` +
        '(apt-get install libxml2-utils), som CI gør.',
    );
  }
  const r = spawnSync(XMLLINT, ['--noout', '--schema', MEMO_CORE_XSD, file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<memo:${name}>([^<]*)</memo:${name}>`).exec(xml)?.[1];

let casesFile: string;

beforeAll(() => {
  casesFile = demoCasesFile();
});

afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('sendeassistent send: usage', () => {
  it('refuses wrong usage with exit 2 and a Danish reason, and queues nothing', async () => {
    const dataDir = await readyDataDir();
    const out = dir();
    const send = (extra: string[], recipients = ['p1'], document = OLIVER_LETTER, caseNumber = OLIVER_CASE) =>
      sendArgs(dataDir, casesFile, caseNumber, document, recipients, extra);
    const cases: Array<{ args: string[]; env?: Record<string, string | undefined>; says: RegExp }> = [
      { args: send([], []), says: /angiv mindst én modtager med --recipient/ },
      { args: send(['--connector', 'folder']), says: /--connector folder kræver --out <mappe>/ },
      { args: send(['--out', out]), says: /--out bruges kun med --connector folder/ },
      {
        args: send(['--connector', 'sandbox', '--out', out]),
        says: /--out bruges kun med --connector folder/,
      },
      { args: send(['--connector', 'ftp']), says: /--connector skal være "sandbox" eller "folder"/ },
      { args: send(['--delay', 'abc']), says: /--delay skal være et helt antal sekunder mellem 0 og 600/ },
      { args: send(['--delay', '1.5']), says: /--delay skal være et helt antal sekunder mellem 0 og 600/ },
      { args: send(['--delay', '601']), says: /--delay skal være et helt antal sekunder mellem 0 og 600/ },
      { args: send(['--delay=-1']), says: /--delay skal være et helt antal sekunder mellem 0 og 600/ },
      {
        args: send([]),
        env: { SENDEASSISTENT_PASSPHRASE: undefined },
        says: /SENDEASSISTENT_PASSPHRASE er ikke sat: databasen kan ikke åbnes uden adgangsfrasen/,
      },
      {
        args: send([], ['p1'], OLIVER_LETTER, '99.99.99-G01-999-99'),
        says: /sagen 99\.99\.99-G01-999-99 findes ikke i sagsfilen/,
      },
      {
        args: send([], ['p1'], join(LETTERS, 'findes-ikke.pdf')),
        says: /dokumentet findes ikke eller kan ikke læses: .*findes-ikke\.pdf/,
      },
      {
        args: sendArgs(dataDir, join(out, 'ingen-sager.json'), OLIVER_CASE, OLIVER_LETTER, ['p1']),
        says: /sagsfilen findes ikke eller kan ikke læses/,
      },
      {
        args: [
          'send',
          '--cases',
          casesFile,
          '--document',
          OLIVER_LETTER,
          '--recipient',
          'p1',
          '--data-dir',
          dataDir,
        ],
        says: /brug: sendeassistent send --cases/,
      },
    ];
    for (const c of cases) {
      const run = await cli([...c.args, '--json'], c.env);
      expectExit(run, 2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Fejl: /);
      expect(run.stderr).toMatch(c.says);
      expect(run.stderr).toContain('Se: sendeassistent --help');
    }
    expect(outboxOf(dataDir)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses before it creates a store when the passphrase is missing', async () => {
    const fresh = dir();
    const run = await cli(sendArgs(fresh, casesFile, OLIVER_CASE, OLIVER_LETTER, ['p1']), {
      SENDEASSISTENT_PASSPHRASE: '',
    });
    expectExit(run, 2);
    expect(run.stderr).toContain('SENDEASSISTENT_PASSPHRASE er ikke sat');
    expect(readdirSync(fresh)).toEqual([]);
  });

  it('says how to set the sender and case system when they are missing; settings set and show keep them', async () => {
    const dataDir = dir();
    const out = dir();
    const args = sendArgs(
      dataDir,
      casesFile,
      OLIVER_CASE,
      OLIVER_LETTER,
      ['p1'],
      ['--connector', 'folder', '--out', out, '--delay', '0', '--json'],
    );
    // The first send creates the store, then stops at the missing settings.
    const missing = await cli(args);
    expectExit(missing, 2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('Afsenderens CVR-nummer og navn samt sagssystemet skal være udfyldt');
    expect(missing.stderr).toMatch(/sendeassistent settings set --data-dir <mappe> sender '\{"cvr":/);
    expect(missing.stderr).toContain('caseSystem');
    expect(outboxOf(dataDir)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);

    const settings = (...words: string[]) => cli(['settings', ...words, '--data-dir', dataDir]);
    const setSender = await settings('set', 'sender', JSON.stringify(SENDER));
    expectExit(setSender, 0);
    expect(setSender.stdout).toBe('sender er gemt.\n');
    expectExit(await settings('set', 'caseSystem', JSON.stringify(CASE_SYSTEM)), 0);

    // Invalid values are refused with the field and the reason, and change nothing.
    const refusals: Array<[string[], RegExp]> = [
      [
        ['set', 'sender', '{"cvr":"123","name":"Demo Kommune"}'],
        /sender\.cvr: CVR-nummeret skal være præcis 8 cifre/,
      ],
      [
        ['set', 'sendDelaySeconds', '9999'],
        /sendDelaySeconds: Forsinkelsen skal være mellem 0 og 600 sekunder/,
      ],
      [['set', 'caseSystem', 'Demo-ESDH'], /værdien for caseSystem er ikke gyldig JSON/],
      [['set', 'afsender', '"x"'], /ukendt indstilling "afsender"/],
      [['set', 'sender'], /brug: sendeassistent settings set <nøgle> <json-værdi>/],
    ];
    for (const [words, says] of refusals) {
      const run = await settings(...words);
      expectExit(run, 2);
      expect(run.stderr).toMatch(/^Fejl: /);
      expect(run.stderr).toMatch(says);
    }

    const shown = await settings('show', '--json');
    expectExit(shown, 0);
    const view = JSON.parse(shown.stdout) as {
      settings: Record<string, unknown>;
      sources: Record<string, string>;
    };
    expect(view.settings).toMatchObject({ sender: SENDER, caseSystem: CASE_SYSTEM, sendDelaySeconds: 30 });
    expect(view.sources).toMatchObject({ sender: 'user', caseSystem: 'user', sendDelaySeconds: 'default' });
    const text = await settings('show');
    expectExit(text, 0);
    expect(text.stdout).toContain(`sender: ${JSON.stringify(SENDER)}\n`);
    expect(text.stdout).toContain(`caseSystem: "${CASE_SYSTEM}"\n`);

    // Now the same send goes.
    const sent = await cli(args);
    expectExit(sent, 0);
    expect(report(sent).result).toBe('sent');
  });

  it('refuses settings for a data folder without a store', async () => {
    const fresh = dir();
    const run = await cli(['settings', 'show', '--data-dir', fresh]);
    expectExit(run, 2);
    expect(run.stderr).toContain(`der er ingen Sendeassistent-database i ${fresh}`);
    expect(readdirSync(fresh)).toEqual([]);
  });
});

describe('sendeassistent send: sending', () => {
  it('writes one MeMo and one receipt per recipient to the folder, named by UUID only, valid per xmllint', async () => {
    const dataDir = await readyDataDir();
    const out = dir();
    const folder = ['--connector', 'folder', '--out', out, '--delay', '0', '--json'];
    const oliver = await cli(sendArgs(dataDir, casesFile, OLIVER_CASE, OLIVER_LETTER, ['p1'], folder));
    expectExit(oliver, 0);
    // Two recipients, one by Fysisk Post (physical) and one digital.
    const bentCase = '27.36.12-G01-061-26';
    const bentLetter = join(LETTERS, '17-bent-oekonomisk-hjaelp-vaerge.pdf');
    const bent = await cli(sendArgs(dataDir, casesFile, bentCase, bentLetter, ['p1', 'p2'], folder));
    expectExit(bent, 0);

    const sends = [
      { run: oliver, caseNumber: OLIVER_CASE, pdf: OLIVER_LETTER, channels: { p1: 'digital' } },
      { run: bent, caseNumber: bentCase, pdf: bentLetter, channels: { p1: 'physical', p2: 'digital' } },
    ];
    const expectedFiles: string[] = [];
    for (const send of sends) {
      const r = report(send.run);
      expect(r.result).toBe('sent');
      expect(r.items.map((i) => [i.recipientPartyId, i.channel]).sort()).toEqual(
        Object.entries(send.channels).sort(),
      );
      const parties = demoCases.find((c) => c.caseNumber === send.caseNumber)!.parties;
      for (const item of r.items) {
        expect(item.state).toBe('sent');
        expect(item.receipt?.reference).toBe(`${item.messageUUID}.xml`);
        expect(item.lastError).toBeNull();
        expectedFiles.push(`${item.messageUUID}.json`, `${item.messageUUID}.xml`);

        const xmlPath = join(out, `${item.messageUUID}.xml`);
        const xmlBytes = readFileSync(xmlPath);
        const xml = xmlBytes.toString('utf8');
        const lint = xmllint(xmlPath);
        expect(lint.status, lint.output).toBe(0);
        expect(lint.output).toContain('validates');
        // The right message to the right recipient, carrying the right document.
        const party = parties.find((p) => p.id === item.recipientPartyId)!;
        expect(tag(xml, 'messageUUID')).toBe(item.messageUUID);
        expect(tag(xml, 'recipientID')).toBe(party.cpr!.replace('-', ''));
        expect(tag(xml, 'caseID')).toBe(send.caseNumber);
        expect(tag(xml, 'caseSystem')).toBe(CASE_SYSTEM);
        expect(tag(xml, 'senderID')).toBe(SENDER.cvr);
        expect(Buffer.from(tag(xml, 'content') ?? '', 'base64').equals(readFileSync(send.pdf))).toBe(true);

        const receipt = JSON.parse(readFileSync(join(out, `${item.messageUUID}.json`), 'utf8')) as Record<
          string,
          unknown
        >;
        expect(receipt).toMatchObject({
          format: 'sendeassistent-folder-receipt',
          version: 1,
          messageUUID: item.messageUUID,
          channel: item.channel,
          sha256: sha256(xmlBytes),
        });
        if (item.channel === 'physical') {
          expect(receipt.postalAddress).toMatchObject({ name: party.name });
          expect(item.receipt?.text).toBe('Afleveret til mappen til Fysisk Post');
        } else {
          expect(receipt).not.toHaveProperty('postalAddress');
          expect(item.receipt?.text).toBe('Afleveret til mappen');
        }
      }
    }
    // Exactly the pairs, nothing else (no temp files left), and no CPR number or name in any file name.
    const files = readdirSync(out).sort();
    expect(files).toEqual(expectedFiles.sort());
    const personal = personalStrings();
    for (const file of files) {
      expect(file).toMatch(UUID_FILE);
      for (const s of personal) expect(file.toLowerCase()).not.toContain(s.toLowerCase());
    }
    expect(outboxOf(dataDir).map((i) => i.entry.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('xmllint does refuse a MeMo that breaks the schema (the validation above can fail)', async () => {
    const dataDir = await readyDataDir();
    const out = dir();
    const run = await cli(
      sendArgs(
        dataDir,
        casesFile,
        OLIVER_CASE,
        OLIVER_LETTER,
        ['p1'],
        ['--connector', 'folder', '--out', out, '--delay', '0', '--json'],
      ),
    );
    expectExit(run, 0);
    const uuid = report(run).items[0]!.messageUUID;
    const xml = readFileSync(join(out, `${uuid}.xml`), 'utf8');
    const broken = join(dir(), 'broken.xml');
    writeFileSync(broken, xml.replace(/<memo:messageUUID>[^<]*<\/memo:messageUUID>/, ''));
    const lint = xmllint(broken);
    expect(lint.status).not.toBe(0);
    expect(lint.output).toContain('fails to validate');
  });

  it('sends through the sandbox process: exactly one delivered attempt for the UUID', async () => {
    const dataDir = await readyDataDir();
    const run = await cli(
      sendArgs(
        dataDir,
        casesFile,
        OLIVER_CASE,
        OLIVER_LETTER,
        ['p1'],
        ['--connector', 'sandbox', '--delay', '0', '--json'],
      ),
    );
    expectExit(run, 0);
    const r = report(run);
    expect(r.result).toBe('sent');
    expect(r.items).toHaveLength(1);
    const item = r.items[0]!;
    expect(item).toMatchObject({ state: 'sent', channel: 'digital', lastError: null });
    expect(item.receipt?.text).toBe('Afleveret til Digital Post');

    const attempts = readFileSync(join(dataDir, 'sandbox', 'attempts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { uuid: string; outcome: string; delivered: boolean; status: number },
      );
    expect(attempts.filter((a) => a.uuid === item.messageUUID)).toEqual([
      expect.objectContaining({ uuid: item.messageUUID, outcome: 'stored', delivered: true, status: 201 }),
    ]);
    expect(attempts.filter((a) => a.delivered)).toHaveLength(1);
    const stored = JSON.parse(
      readFileSync(join(dataDir, 'sandbox', 'messages', `${item.messageUUID}.json`), 'utf8'),
    ) as { messageUUID: string; memoXml: string; deliveries: unknown[] };
    expect(stored.messageUUID).toBe(item.messageUUID);
    expect(stored.deliveries).toHaveLength(1);
    expect(outboxOf(dataDir)).toEqual([
      expect.objectContaining({ id: item.outboxId, entry: expect.objectContaining({ state: 'sent' }) }),
    ]);
  });

  it('refuses a letter that needs approval with APPROVAL_REQUIRED (exit 3) and queues nothing', async () => {
    const dataDir = await readyDataDir();
    const out = dir();
    const run = await cli(
      sendArgs(
        dataDir,
        casesFile,
        '27.24.00-G01-117-25',
        join(LETTERS, '01-emil-boernefaglig-undersoegelse.pdf'),
        ['p2', 'p3'],
        ['--connector', 'folder', '--out', out, '--delay', '0', '--json'],
      ),
    );
    expectExit(run, 3);
    expect(report(run)).toMatchObject({ result: 'refused', error: { code: 'APPROVAL_REQUIRED' } });
    expect(outboxOf(dataDir)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });

  describe('the wrong demo letters are refused with their code (exit 3) and nothing is queued', () => {
    let dataDir: string;
    let out: string;
    beforeAll(async () => {
      dataDir = await readyDataDir();
      out = dir();
    });

    const wrong = manifest.letters.filter((l) => !l.correct);
    it('covers every wrong letter of the manifest', () => {
      expect(wrong.map((l) => l.file.slice(0, 2))).toEqual(['51', '52', '53', '54', '55', '56', '57', '58']);
    });

    it.each(wrong.map((l) => [l.file, l] as const))('%s', async (_file, letter) => {
      // An ineligible recipient is refused before the block; a warning the CLI cannot acknowledge is refused too.
      const code = letter.expectFindings?.includes('RECIPIENT_NOT_ELIGIBLE')
        ? 'RECIPIENT_NOT_ELIGIBLE'
        : letter.expectVerdict === 'block'
          ? 'CHECK_BLOCKED'
          : 'WARNING_NOT_ACKNOWLEDGED';
      const recipients = letter.recipients ?? PROPOSED[letter.file];
      expect(recipients, `recipients for ${letter.file}`).toBeDefined();
      const run = await cli(
        sendArgs(dataDir, casesFile, letter.caseNumber, join(LETTERS, letter.file), recipients!, [
          '--connector',
          'folder',
          '--out',
          out,
          '--delay',
          '0',
          '--json',
        ]),
      );
      expectExit(run, 3);
      expect(report(run)).toMatchObject({ result: 'refused', error: { code } });
      expect(outboxOf(dataDir)).toEqual([]);
      expect(readdirSync(out)).toEqual([]);
    });
  });

  it('keeps the message queued when the folder is missing (exit 4); it is sent once the folder is back and it is due', async () => {
    const dataDir = await readyDataDir();
    const parent = dir();
    const out = join(parent, 'ud');
    const args = sendArgs(
      dataDir,
      casesFile,
      OLIVER_CASE,
      OLIVER_LETTER,
      ['p1'],
      ['--connector', 'folder', '--out', out, '--delay', '0', '--json'],
    );
    const startedAt = Date.now();
    const first = await cli(args);
    expectExit(first, 4);
    const failed = report(first);
    expect(failed).toMatchObject({ result: 'connector_failed', error: { code: 'CONNECTOR_UNAVAILABLE' } });
    expect(failed.items).toHaveLength(1);
    const waiting = failed.items[0]!;
    // The folder connector answers `offline` for a missing folder: back in the queue, no attempt used up.
    expect(waiting).toMatchObject({ state: 'queued', receipt: null, lastError: { kind: 'offline' } });
    expect(waiting.lastError?.message).toContain('ENOENT');
    // The folder is never created in place of a missing (network) folder.
    expect(existsSync(out)).toBe(false);

    const [stored] = outboxOf(dataDir);
    expect(stored).toBeDefined();
    expect(stored!.id).toBe(waiting.outboxId);
    expect(stored!.entry).toMatchObject({
      state: 'queued',
      messageUUID: waiting.messageUUID,
      attempts: 0,
      lastError: { kind: 'offline' },
    });
    expect(Date.parse(stored!.entry.sendAfter!)).toBeGreaterThanOrEqual(startedAt + OFFLINE_RETRY_MS);

    // The folder is back. A new run sends its own (new) message now; the waiting one is due 15 s after its
    // offline attempt, so this run (about a second later) leaves it in the queue.
    mkdirSync(out);
    const second = await cli(args);
    expectExit(second, 0);
    const sent = report(second);
    expect(sent.result).toBe('sent');
    const fresh = sent.items[0]!;
    expect(fresh.messageUUID).not.toBe(waiting.messageUUID);
    expect(readdirSync(out).sort()).toEqual([`${fresh.messageUUID}.json`, `${fresh.messageUUID}.xml`]);
    expect(outboxOf(dataDir).find((i) => i.id === waiting.outboxId)?.entry.state).toBe('queued');

    // Once it is due, whichever process runs the worker sends it, with its UUID from the first run.
    const later = createBackend(
      backendOptions(dataDir, {
        runOutbox: true,
        connectorSetting: { kind: 'folder', options: { outDir: out } },
        clock: { now: () => new Date(Date.now() + OFFLINE_RETRY_MS) },
      }),
    );
    try {
      await later.sendingReady;
      await later.worker!.runOnce();
      expect(later.outbox.get(waiting.outboxId).entry).toMatchObject({
        state: 'sent',
        messageUUID: waiting.messageUUID,
        lastError: null,
      });
    } finally {
      await later.shutdown();
    }
    expect(readdirSync(out).sort()).toEqual(
      [fresh.messageUUID, waiting.messageUUID].flatMap((u) => [`${u}.json`, `${u}.xml`]).sort(),
    );
    const xmlPath = join(out, `${waiting.messageUUID}.xml`);
    expect(tag(readFileSync(xmlPath, 'utf8'), 'messageUUID')).toBe(waiting.messageUUID);
    const lint = xmllint(xmlPath);
    expect(lint.status, lint.output).toBe(0);
  });

  it('leaves the sending to the app that holds the worker lease: exit 0, queued, sentBy app', async () => {
    const dataDir = await readyDataDir();
    const out = dir();
    // The app: a live process on this machine whose lease is fresh. (Not a backend in this process: its worker
    // commits on every poll and heartbeat, and a commit between the read and the write of one of the CLI's deferred
    // transactions fails that transaction with SQLITE_BUSY_SNAPSHOT; see the report that came with this test.)
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    const holderGone = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    let uuid: string;
    let outboxId: string;
    try {
      await new Promise<void>((resolve, reject) => {
        holder.once('spawn', resolve);
        holder.once('error', reject);
      });
      const owner = randomUUID();
      writeLease(dataDir, { owner, pid: holder.pid!, host: hostname(), at: new Date().toISOString() });

      const run = await cli(
        sendArgs(
          dataDir,
          casesFile,
          OLIVER_CASE,
          OLIVER_LETTER,
          ['p1'],
          ['--connector', 'folder', '--out', out, '--delay', '0', '--json'],
        ),
      );
      expectExit(run, 0);
      const r = report(run);
      expect(r).toMatchObject({ result: 'queued', sentBy: 'app' });
      expect(r.items).toHaveLength(1);
      const item = r.items[0]!;
      expect(item).toMatchObject({ state: 'queued', recipientPartyId: 'p1', receipt: null, lastError: null });
      uuid = item.messageUUID;
      outboxId = item.outboxId;
      // The command sent nothing and left the app's lease alone.
      expect(readdirSync(out)).toEqual([]);
      expect(readLease(dataDir)).toMatchObject({ owner, pid: holder.pid });
      expect(outboxOf(dataDir)).toEqual([
        expect.objectContaining({
          id: outboxId,
          entry: expect.objectContaining({ state: 'queued', messageUUID: uuid }),
        }),
      ]);
    } finally {
      holder.kill();
    }
    await holderGone;

    // The app has stopped: the next process that runs the worker takes the lease over and sends the message.
    const app = new AppConnector();
    const next = createBackend(backendOptions(dataDir, { runOutbox: true, connector: app }));
    try {
      await next.sendingReady;
      await next.worker!.runOnce();
      expect(next.worker!.holdsLease()).toBe(true);
      expect(app.messages.map((m) => m.messageUUID)).toEqual([uuid]);
      expect(next.outbox.get(outboxId).entry.state).toBe('sent');
    } finally {
      await next.shutdown();
    }
  });
});

/** The lease row of `outbox_worker` (migration 7), written as the app's worker writes it. */
function writeLease(dataDir: string, lease: { owner: string; pid: number; host: string; at: string }): void {
  const store = openStore({ dataDir, passphrase: PASSPHRASE, logger: silentLogger, allowCreate: false });
  try {
    store.db
      .prepare(
        `INSERT INTO outbox_worker (id, owner, pid, host, acquired_at, heartbeat_at) VALUES (1, @owner, @pid, @host, @at, @at)
         ON CONFLICT(id) DO UPDATE SET owner = @owner, pid = @pid, host = @host, acquired_at = @at, heartbeat_at = @at`,
      )
      .run(lease);
  } finally {
    store.close();
  }
}

function readLease(dataDir: string): { owner: string; pid: number } | undefined {
  const store = openStore({ dataDir, passphrase: PASSPHRASE, logger: silentLogger, allowCreate: false });
  try {
    return store.db.prepare('SELECT owner, pid FROM outbox_worker WHERE id = 1').get() as
      { owner: string; pid: number } | undefined;
  } finally {
    store.close();
  }
}

/** The connector of the process that takes over: accepts everything and keeps what it was given. */
class AppConnector implements Connector {
  readonly kind = 'sandbox' as const;
  readonly messages: OutgoingMessage[] = [];

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.messages.push(message);
    return {
      kind: 'accepted',
      receipt: {
        reference: `APP-${message.messageUUID}`,
        receivedAt: new Date().toISOString(),
        text: 'Afleveret',
      },
    };
  }
  async lookup(): Promise<LookupOutcome> {
    return { kind: 'not_received' };
  }
  async health() {
    return { ok: true, message: 'ok' };
  }
  async close() {}
}
