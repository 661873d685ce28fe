import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingMessage } from '../../../src/backend/connectors/connector';
import { createFolderConnector } from '../../../src/backend/connectors/folder.connector';
import { buildMemo } from '../../../src/backend/memo/build-memo';
import { validateMemo } from '../../../src/backend/memo/validate-memo';
import type { MemoInput } from '../../../src/shared/domain/memo';
import { danishLetter } from '../../fixtures/documents/pdfkit-fixtures';
import { tempDir } from '../../support/temp-dir';
import { XSD_DIR } from '../memo/support';

/**
 * Faults injected into node:fs/promises as the connector sees it (everything else passes through), to reach the
 * errors a temp folder cannot produce: a full disk, a rename whose answer was lost.
 */
const faults = vi.hoisted(() => ({
  open: null as null | ((path: string) => NodeJS.ErrnoException | null),
  rename: null as null | ((to: string) => NodeJS.ErrnoException | null),
  stat: null as null | ((path: string) => NodeJS.ErrnoException | null),
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: (path: string, ...rest: unknown[]) => {
      const err = faults.open?.(String(path));
      return err ? Promise.reject(err) : (real.open as (...a: unknown[]) => unknown)(path, ...rest);
    },
    rename: (from: string, to: string) => {
      const err = faults.rename?.(String(to));
      return err ? Promise.reject(err) : real.rename(from, to);
    },
    stat: (path: string, ...rest: unknown[]) => {
      const err = faults.stat?.(String(path));
      return err ? Promise.reject(err) : (real.stat as (...a: unknown[]) => unknown)(path, ...rest);
    },
  };
});

const XMLLINT = '/usr/bin/xmllint';
const UUID = '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f809a1b';
const CPR = '0101011234';
const NAME = 'Søren Ærø Østergård';
const ADDRESS = { name: NAME, street: 'Havnegade 1, 2. tv.', postalCode: '5000', city: 'Odense C' };
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

let pdf: Buffer;
let tmp: ReturnType<typeof tempDir>;
let outDir: string;
let now: Date;

beforeAll(async () => {
  pdf = await danishLetter('DejaVuSans');
});
beforeEach(() => {
  tmp = tempDir('folder-connector-');
  outDir = join(tmp.path, 'udbakke');
  mkdirSync(outDir);
  now = new Date('2025-06-01T10:00:00.000Z');
  faults.open = null;
  faults.rename = null;
  faults.stat = null;
});
afterEach(() => {
  faults.open = null;
  faults.rename = null;
  faults.stat = null;
  if (existsSync(outDir)) chmodSync(outDir, 0o755);
  tmp.cleanup();
});

function memo(overrides: Partial<MemoInput> = {}): string {
  return buildMemo({
    memoVersion: '1.1',
    messageUUID: UUID,
    createdAt: new Date('2025-06-01T09:59:00Z'),
    sender: { cvr: '29189919', label: 'Eksempel Kommune' },
    recipient: { idType: 'CPR', id: CPR, label: NAME },
    label: 'Afgørelse om boligstøtte',
    caseId: '27.24.00-G01-117-25',
    caseSystem: 'SBSYS',
    document: { fileName: 'afgørelse.pdf', bytes: pdf },
    ...overrides,
  });
}

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { messageUUID: UUID, memoXml: memo(), channel: 'digital', ...overrides };
}

function connector(dir = outDir) {
  return createFolderConnector({
    outDir: dir,
    clock: () => now,
    validate: (xml) => validateMemo(xml, XSD_DIR),
  });
}

const files = (dir = outDir) => readdirSync(dir).sort();
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Debian's xmllint (libxml2-utils) on a written file. Missing = failed, never skipped. */
function debianXmllint(file: string): { ok: boolean; output: string } {
  if (!existsSync(XMLLINT)) {
    throw new Error(`${XMLLINT} is missing: install Debian's libxml2-utils (apt-get install libxml2-utils).`);
  }
  const run = spawnSync(XMLLINT, ['--huge', '--noout', '--schema', join(XSD_DIR, 'MeMo_core.xsd'), file], {
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `exit ${run.status}: ${run.stderr}` };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('folder connector: send', () => {
  it('writes a valid message as exactly <uuid>.xml (the exact XML) and <uuid>.json (the receipt with the channel)', async () => {
    const c = connector();
    const msg = message();
    const outcome = await c.send(msg);
    expect(outcome).toEqual({
      kind: 'accepted',
      receipt: {
        reference: `${UUID}.xml`,
        receivedAt: '2025-06-01T10:00:00.000Z',
        text: 'Afleveret til mappen',
      },
    });

    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]); // nothing else: no temp or probe files
    expect(readFileSync(join(outDir, `${UUID}.xml`), 'utf8')).toBe(msg.memoXml);
    expect(JSON.parse(readFileSync(join(outDir, `${UUID}.json`), 'utf8'))).toEqual({
      format: 'sendeassistent-folder-receipt',
      version: 1,
      messageUUID: UUID,
      channel: 'digital',
      receivedAt: '2025-06-01T10:00:00.000Z',
      sha256: sha256(msg.memoXml),
    });
    // Neither the CPR nor the name is in a file name; the receipt of a digital send holds no personal data.
    for (const f of files()) expect(f).not.toMatch(new RegExp(`${CPR}|Søren|Østergård`));
    expect(readFileSync(join(outDir, `${UUID}.json`), 'utf8')).not.toMatch(new RegExp(`${CPR}|Søren`));
    await c.close();
  });

  it('writes XML that validates with Debian xmllint --huge --schema MeMo_core.xsd', async () => {
    await connector().send(message());
    const debian = debianXmllint(join(outDir, `${UUID}.xml`));
    expect(debian.output).toMatch(/validates/);
    expect(debian.ok).toBe(true);
  });

  it('writes the postal address into the receipt for Fysisk Post only, and says Fysisk Post', async () => {
    const physical = await connector().send(message({ channel: 'physical', postalAddress: ADDRESS }));
    expect(physical).toMatchObject({
      kind: 'accepted',
      receipt: { text: 'Afleveret til mappen til Fysisk Post' },
    });
    const receipt = JSON.parse(readFileSync(join(outDir, `${UUID}.json`), 'utf8'));
    expect(receipt).toMatchObject({ channel: 'physical', postalAddress: ADDRESS });

    const other = '0c2b1a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const auto = await connector().send(
      message({
        messageUUID: other,
        memoXml: memo({ messageUUID: other }),
        channel: 'auto',
        postalAddress: ADDRESS,
      }),
    );
    expect(auto).toMatchObject({
      kind: 'accepted',
      receipt: { text: expect.stringContaining('Fysisk Post') },
    });
    const autoReceipt = JSON.parse(readFileSync(join(outDir, `${other}.json`), 'utf8'));
    expect(autoReceipt.channel).toBe('auto');
    expect(autoReceipt).not.toHaveProperty('postalAddress');
  });

  it('refuses Fysisk Post without a postal address, writing nothing', async () => {
    const outcome = await connector().send(message({ channel: 'physical' }));
    expect(outcome).toMatchObject({ kind: 'rejected', message: expect.stringContaining('postadresse') });
    expect(files()).toEqual([]);
  });

  it('names the files by the lower-case UUID when the message carries it in upper case', async () => {
    const upper = UUID.toUpperCase();
    const outcome = await connector().send(
      message({ messageUUID: upper, memoXml: memo({ messageUUID: upper }) }),
    );
    expect(outcome.kind).toBe('accepted');
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
    expect(await connector().lookup(upper)).toMatchObject({ kind: 'delivered' });
  });

  it('is idempotent by UUID: the same message again → accepted with the first receipt, nothing written again', async () => {
    const c = connector();
    const first = await c.send(message());
    const before = statSync(join(outDir, `${UUID}.xml`));
    const beforeJson = statSync(join(outDir, `${UUID}.json`));
    now = new Date('2025-06-01T11:30:00.000Z');
    const again = await c.send(message());
    expect(again).toEqual(first);
    expect(again.kind === 'accepted' && again.receipt.receivedAt).toBe('2025-06-01T10:00:00.000Z');
    const after = statSync(join(outDir, `${UUID}.xml`));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(statSync(join(outDir, `${UUID}.json`)).ino).toBe(beforeJson.ino);
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
    // A fresh connector (another process, after a restart) answers the same.
    expect(await connector().send(message())).toEqual(first);
  });

  it('refuses another message under a UUID already in the folder (Danish), leaving the first untouched', async () => {
    await connector().send(message());
    const original = readFileSync(join(outDir, `${UUID}.xml`));
    const outcome = await connector().send(message({ memoXml: memo({ label: 'En helt anden afgørelse' }) }));
    expect(outcome).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/samme id.*aldrig/s) });
    expect(readFileSync(join(outDir, `${UUID}.xml`)).equals(original)).toBe(true);
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
  });

  it('refuses the same XML under the same UUID with another channel', async () => {
    await connector().send(message());
    const outcome = await connector().send(message({ channel: 'physical', postalAddress: ADDRESS }));
    expect(outcome).toMatchObject({ kind: 'rejected', message: expect.stringContaining('kanal') });
    expect(JSON.parse(readFileSync(join(outDir, `${UUID}.json`), 'utf8')).channel).toBe('digital');
  });

  it('never writes an invalid MeMo: rejected with the errors summarised, values and CPR numbers masked', async () => {
    const bad = memo()
      .replace('<memo:mandatory>false</memo:mandatory>', `<memo:mandatory>${CPR}</memo:mandatory>`)
      .replace(/<memo:createdDateTime>[^<]*</, `<memo:createdDateTime>${NAME}<`);
    const outcome = await connector().send(message({ memoXml: bad }));
    expect(outcome.kind).toBe('rejected');
    const text = outcome.kind === 'rejected' ? outcome.message : '';
    expect(text).toMatch(/^Meddelelsen er ikke gyldig MeMo og er ikke lagt i mappen: linje \d+: /);
    expect(text).toContain('mandatory');
    expect(text).toContain('createdDateTime');
    expect(text).not.toContain(CPR);
    expect(text).not.toContain('Søren');
    expect(files()).toEqual([]);
  });

  it('refuses XML whose messageUUID is not the send’s UUID', async () => {
    const other = '0c2b1a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const outcome = await connector().send(message({ memoXml: memo({ messageUUID: other }) }));
    expect(outcome).toMatchObject({ kind: 'rejected', message: expect.stringContaining('stemmer ikke') });
    expect(files()).toEqual([]);
  });

  it.each(['../../etc', '../../etc/passwd', `../${UUID}`, `${UUID}/../x`, 'not-a-uuid', '', `${UUID}.xml`])(
    'refuses the UUID %j (no path traversal) and writes nowhere',
    async (bad) => {
      const outcome = await connector().send(message({ messageUUID: bad }));
      expect(outcome).toMatchObject({ kind: 'rejected', message: expect.stringContaining('UUID') });
      expect(files()).toEqual([]);
      expect(readdirSync(tmp.path)).toEqual(['udbakke']);
      expect(await connector().lookup(bad)).toEqual({ kind: 'not_received' });
    },
  );
});

describe('folder connector: lookup', () => {
  it('answers not_received before the send and delivered with the receipt after it', async () => {
    const c = connector();
    expect(await c.lookup(UUID)).toEqual({ kind: 'not_received' });
    const sent = await c.send(message({ channel: 'physical', postalAddress: ADDRESS }));
    expect(sent.kind).toBe('accepted');
    const found = await connector().lookup(UUID);
    expect(found).toEqual({ kind: 'delivered', receipt: sent.kind === 'accepted' ? sent.receipt : null });
  });

  it('answers not_received when only the receipt is there (a crash before the XML was renamed into place)', async () => {
    writeFileSync(join(outDir, `${UUID}.json`), '{}');
    expect(await connector().lookup(UUID)).toEqual({ kind: 'not_received' });
  });

  it('answers unreachable, not not_received, when the folder cannot be reached', async () => {
    rmSync(outDir, { recursive: true });
    const outcome = await connector().lookup(UUID);
    expect(outcome).toEqual({ kind: 'unreachable', message: expect.stringContaining('findes ikke') });
  });

  it('answers unreachable while a network drive is gone, and delivered once it is back (asked again later)', async () => {
    const c = connector();
    const sent = await c.send(message());
    expect(sent.kind).toBe('accepted');
    const away = join(tmp.path, 'afmonteret');
    renameSync(outDir, away);
    expect(await c.lookup(UUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringMatching(/findes ikke.*netværksdrevet/s),
    });
    renameSync(away, outDir);
    expect(await c.lookup(UUID)).toEqual({
      kind: 'delivered',
      receipt: sent.kind === 'accepted' ? sent.receipt : null,
    });
  });

  it('answers unreachable when the path is a file, not a folder (a wrong setting is fixed, then asked again)', async () => {
    const file = join(tmp.path, 'fil.txt');
    writeFileSync(file, 'x');
    expect(await connector(file).lookup(UUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringContaining('ikke en mappe'),
    });
  });

  it.each([
    ['EACCES', 'har ikke adgang'],
    ['EPERM', 'har ikke adgang'],
    ['EHOSTDOWN', 'kan ikke nås (EHOSTDOWN)'],
    ['ETIMEDOUT', 'kan ikke nås (ETIMEDOUT)'],
    ['EIO', 'kan ikke nås (EIO)'],
  ])('answers unreachable on %s when reading the folder, in Danish', async (errCode, text) => {
    faults.stat = (path) => (path === outDir ? errno(errCode) : null);
    expect(await connector().lookup(UUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringContaining(text),
    });
  });

  it('answers unreachable on a network error when looking for <uuid>.xml itself', async () => {
    await connector().send(message());
    faults.stat = (path) => (path.endsWith(`${UUID}.xml`) ? errno('ESTALE') : null);
    expect(await connector().lookup(UUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringContaining('ESTALE'),
    });
  });

  it('answers unreachable, not not_received, when the folder disappears between its check and the file’s', async () => {
    faults.stat = (path) => {
      if (path.endsWith(`${UUID}.xml`)) rmSync(outDir, { recursive: true });
      return null;
    };
    expect(await connector().lookup(UUID)).toEqual({
      kind: 'unreachable',
      message: expect.stringContaining('findes ikke'),
    });
  });
});

describe('folder connector: health', () => {
  it('is ok for an existing, writable folder and leaves no probe file', async () => {
    expect(await connector().health()).toMatchObject({ ok: true });
    expect(files()).toEqual([]);
  });

  it('is not ok for a missing folder (e.g. a network drive that is gone), in Danish', async () => {
    const health = await connector(join(tmp.path, 'findes-ikke')).health();
    expect(health).toEqual({ ok: false, message: expect.stringMatching(/findes ikke.*netværksdrevet/s) });
  });

  it('is not ok when the path is a file, not a folder', async () => {
    const file = join(tmp.path, 'fil.txt');
    writeFileSync(file, 'x');
    expect(await connector(file).health()).toEqual({
      ok: false,
      message: expect.stringContaining('ikke en mappe'),
    });
  });

  if (IS_ROOT) {
    it('read-only folder: not testable as root (chmod 0o500 does not stop root writing), so a folder removed after the connector was made is checked instead', async () => {
      const c = connector();
      expect((await c.health()).ok).toBe(true);
      rmSync(outDir, { recursive: true });
      expect(await c.health()).toEqual({ ok: false, message: expect.stringContaining('findes ikke') });
    });
  } else {
    it('is not ok for a read-only folder (chmod 0o500), and a send there waits (offline)', async () => {
      chmodSync(outDir, 0o500);
      const health = await connector().health();
      expect(health).toEqual({ ok: false, message: expect.stringContaining('må ikke skrive') });
      expect(await connector().send(message())).toMatchObject({ kind: 'offline' });
      chmodSync(outDir, 0o755);
      expect(files()).toEqual([]);
    });
  }
});

describe('folder connector: failures', () => {
  it('answers offline when the folder has disappeared, and delivers once it is back', async () => {
    const c = connector();
    rmSync(outDir, { recursive: true });
    const outcome = await c.send(message());
    expect(outcome).toMatchObject({ kind: 'offline', message: expect.stringContaining('ENOENT') });
    expect(existsSync(outDir)).toBe(false); // never created by the connector
    mkdirSync(outDir);
    expect((await c.send(message())).kind).toBe('accepted');
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
  });

  it('answers offline on EACCES when writing', async () => {
    faults.open = (path) => (path.startsWith(outDir) ? errno('EACCES') : null);
    expect(await connector().send(message())).toMatchObject({ kind: 'offline' });
    faults.open = null;
    expect(files()).toEqual([]);
  });

  it('answers server_error on ENOSPC, with no <uuid>.xml and no temp file left', async () => {
    faults.open = (path) => (path.includes('.xml.tmp-') ? errno('ENOSPC') : null);
    const outcome = await connector().send(message());
    expect(outcome).toMatchObject({ kind: 'server_error', message: expect.stringContaining('plads') });
    faults.open = null;
    expect(files()).toEqual([`${UUID}.json`]); // the receipt, without its XML: not handed off
    expect(await connector().lookup(UUID)).toEqual({ kind: 'not_received' });
    expect((await connector().send(message())).kind).toBe('accepted');
  });

  it('answers interrupted when the rename of the XML fails in a way that may still have happened (EIO)', async () => {
    faults.rename = (to) => (to.endsWith('.xml') ? errno('EIO') : null);
    const outcome = await connector().send(message());
    expect(outcome).toMatchObject({ kind: 'interrupted' });
    faults.rename = null;
    // The outbox looks it up: not there, so it may send again with the same UUID, which works and cleans up.
    expect(await connector().lookup(UUID)).toEqual({ kind: 'not_received' });
    expect((await connector().send(message())).kind).toBe('accepted');
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
  });

  it('a crash between the temp write and the rename leaves no <uuid>.xml; a resend works and removes the temp files', async () => {
    const xml = memo();
    // What a killed process leaves: the receipt renamed into place and half of the XML in its hidden temp file.
    writeFileSync(join(outDir, `${UUID}.json`), JSON.stringify({ stale: true }));
    writeFileSync(join(outDir, `.${UUID}.xml.tmp-99999-deadbeef`), xml.slice(0, 1000));
    writeFileSync(join(outDir, `.${UUID}.json.tmp-99999-deadbeef`), '{');
    expect(existsSync(join(outDir, `${UUID}.xml`))).toBe(false);
    expect(await connector().lookup(UUID)).toEqual({ kind: 'not_received' });

    now = new Date('2025-06-01T10:05:00.000Z');
    const outcome = await connector().send(message({ memoXml: xml }));
    expect(outcome).toMatchObject({ kind: 'accepted', receipt: { receivedAt: '2025-06-01T10:05:00.000Z' } });
    expect(files()).toEqual([`${UUID}.json`, `${UUID}.xml`]);
    expect(readFileSync(join(outDir, `${UUID}.xml`), 'utf8')).toBe(xml);
    expect(JSON.parse(readFileSync(join(outDir, `${UUID}.json`), 'utf8'))).toMatchObject({
      sha256: sha256(xml),
    });
  });

  it('leaves another UUID’s temp file alone', async () => {
    const other = `.0c2b1a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.xml.tmp-1-00000000`;
    writeFileSync(join(outDir, other), 'x');
    await connector().send(message());
    expect(files()).toEqual([other, `${UUID}.json`, `${UUID}.xml`]);
  });

  it('answers server_error (not a refusal) when the validator itself fails', async () => {
    const c = createFolderConnector({
      outDir,
      validate: () => Promise.reject(new Error('MeMo-skemaet MeMo_core.xsd mangler')),
    });
    expect(await c.send(message())).toMatchObject({ kind: 'server_error' });
    expect(files()).toEqual([]);
  });
});
