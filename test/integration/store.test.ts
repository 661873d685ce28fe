import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, KEY_FILE, openStore, type Store } from '../../src/backend/db/store';
import { LATEST_VERSION } from '../../src/backend/db/migrations';
import { openEncrypted } from '../../src/backend/db/sqlite';
import { readKeyFile, unwrapKey } from '../../src/backend/keys/key-file';
import { createCasesService } from '../../src/backend/services/cases.service';
import { AppError, type ErrorCode } from '../../src/shared/result';
import { FakeKeyStore, MemoryLogger } from '../support/fakes';
import { tempDir } from '../support/temp-dir';

const CANARY = 'Kanariefugl Ærtebjerg-Østergård Åsø 0101017-CANARY';

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
}

function flipByte(bytes: Buffer, at: number): void {
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
}

function snapshot(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const f of readdirSync(dir)) out[f] = readFileSync(join(dir, f));
  return out;
}

function fillWithCanary(store: Store, rows = 300): void {
  const cases = createCasesService(store.db);
  cases.importCases(
    {
      cases: Array.from({ length: rows }, (_, i) => ({
        caseNumber: `27.24.00-G01-${String(i).padStart(3, '0')}-25`,
        title: `${CANARY} sag ${i}`,
        area: 'children' as const,
        subjectPartyId: 'p1',
        relatedCaseNumbers: [],
        asOf: '2026-11-01',
        parties: [
          {
            id: 'p1',
            kind: 'person' as const,
            name: `${CANARY} ${i}`,
            roles: ['subject' as const],
            cpr: '010101-1234',
          },
        ],
      })),
    },
    'test',
    new Date(),
  );
}

describe('the encrypted store', () => {
  let dir: ReturnType<typeof tempDir>;
  let keyStore: FakeKeyStore;
  const logger = new MemoryLogger();
  const open = (over: Partial<Parameters<typeof openStore>[0]> = {}) =>
    openStore({ dataDir: dir.path, keyStore, logger, ...over });

  beforeEach(() => {
    dir = tempDir();
    keyStore = new FakeKeyStore();
  });
  afterEach(() => dir.cleanup());

  it('creates a keyed, migrated store and reopens it with the same key', () => {
    const store = open();
    expect(store.schemaVersion).toBe(LATEST_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    fillWithCanary(store, 1);
    store.close();
    const again = open();
    expect(createCasesService(again.db).count()).toBe(1);
    again.close();
  });

  it('never holds the canary in plain text in the .db, -wal or -shm file, open or closed', () => {
    const store = open();
    fillWithCanary(store);
    const needles = [
      Buffer.from(CANARY, 'utf8'),
      Buffer.from(CANARY, 'utf16le'),
      Buffer.from('Ærtebjerg', 'utf8'),
    ];
    const check = () => {
      const files = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`].filter((f) =>
        existsSync(join(dir.path, f)),
      );
      expect(files).toContain(DB_FILE);
      for (const f of files) {
        const bytes = readFileSync(join(dir.path, f));
        for (const n of needles) expect(bytes.includes(n), `${f} contains the canary`).toBe(false);
      }
      return files;
    };
    // While open, the new rows sit in the WAL.
    expect(check()).toContain(`${DB_FILE}-wal`);
    store.close();
    check();
    // The key file holds wraps only, never the key.
    const keyFile = readFileSync(join(dir.path, KEY_FILE), 'utf8');
    const key = unwrapKey(readKeyFile(join(dir.path, KEY_FILE)), { keyStore });
    expect(keyFile).not.toContain(key.toString('hex'));
    expect(keyFile).not.toContain(key.toString('base64'));
  });

  it('refuses to create a store when the key store is unavailable, and writes nothing', () => {
    keyStore.available = false;
    expectCode(() => open(), 'KEYSTORE_UNAVAILABLE');
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('gives DB_KEY_INVALID for another installation’s key file and leaves every byte as it was', () => {
    const store = open();
    fillWithCanary(store, 5);
    store.close();
    const other = tempDir();
    try {
      openStore({ dataDir: other.path, keyStore, logger }).close();
      copyFileSync(join(other.path, KEY_FILE), join(dir.path, KEY_FILE));
    } finally {
      other.cleanup();
    }
    const before = snapshot(dir.path);
    expectCode(() => open(), 'DB_KEY_INVALID');
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('gives DB_KEY_INVALID for a wrong passphrase and leaves every byte as it was', () => {
    open({ passphrase: 'rigtig adgangsfrase æøå' }).close();
    const before = snapshot(dir.path);
    expectCode(
      () => openStore({ dataDir: dir.path, passphrase: 'forkert adgangsfrase!', logger }),
      'DB_KEY_INVALID',
    );
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('gives DB_KEY_INVALID from SQLite’s own answer when the key file has no salt record', () => {
    const store = open();
    fillWithCanary(store, 3);
    store.close();
    const other = tempDir();
    try {
      openStore({ dataDir: other.path, keyStore, logger }).close();
      const foreign = readKeyFile(join(other.path, KEY_FILE));
      writeFileSync(join(dir.path, KEY_FILE), JSON.stringify({ ...foreign, dbSalt: null }));
    } finally {
      other.cleanup();
    }
    const before = snapshot(dir.path);
    expectCode(() => open(), 'DB_KEY_INVALID');
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('gives DB_CORRUPT for a damaged page and leaves the file’s bytes unchanged', () => {
    const store = open();
    fillWithCanary(store);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const path = join(dir.path, DB_FILE);
    const bytes = readFileSync(path);
    const pageSize = 4096;
    expect(bytes.length / pageSize).toBeGreaterThan(10);
    flipByte(bytes, pageSize * 8 + 200);
    writeFileSync(path, bytes);
    const before = snapshot(dir.path);
    expectCode(() => open(), 'DB_CORRUPT');
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('gives DB_CORRUPT when page 1 itself is damaged (the salt still says it is our database)', () => {
    const store = open();
    fillWithCanary(store, 3);
    store.close();
    const path = join(dir.path, DB_FILE);
    const bytes = readFileSync(path);
    flipByte(bytes, 300);
    writeFileSync(path, bytes);
    const before = snapshot(dir.path);
    expectCode(() => open(), 'DB_CORRUPT');
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('gives DB_TOO_NEW for a database from a newer version and leaves it unchanged', () => {
    open().close();
    const key = unwrapKey(readKeyFile(join(dir.path, KEY_FILE)), { keyStore });
    const raw = openEncrypted(join(dir.path, DB_FILE), key, { create: false });
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = snapshot(dir.path);
    expectCode(() => open(), 'DB_TOO_NEW');
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('opens through the passphrase wrap alone (the CLI and a re-imaged PC)', () => {
    const store = open({ passphrase: 'en lang nok adgangsfrase' });
    fillWithCanary(store, 2);
    store.close();
    const viaPassphrase = openStore({ dataDir: dir.path, passphrase: 'en lang nok adgangsfrase', logger });
    expect(createCasesService(viaPassphrase.db).count()).toBe(2);
    viaPassphrase.close();
  });

  it('records the database salt in the key file once the store exists', () => {
    open().close();
    const keyFile = readKeyFile(join(dir.path, KEY_FILE));
    expect(keyFile.dbSalt).toBe(readFileSync(join(dir.path, DB_FILE)).subarray(0, 16).toString('hex'));
  });
});
