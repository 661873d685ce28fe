import { existsSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/result';
import type { KeyStore, Logger } from '../ports';
import {
  KEY_BYTES,
  makeKeystoreWrap,
  makePassphraseWrap,
  readKeyFile,
  sameSalt,
  unwrapKey,
  writeKeyFile,
  type KeyFile,
  type Wrap,
} from '../keys/key-file';
import { isCorrupt, isNotADb, openEncrypted, type Db } from './sqlite';
import { LATEST_VERSION, migrate } from './migrations';

export const DB_FILE = 'sendeassistent.db';
export const KEY_FILE = 'sendeassistent.key';

export interface StoreOptions {
  dataDir: string;
  keyStore?: KeyStore;
  passphrase?: string;
  nativeBinding?: string;
  logger: Logger;
  now?: () => Date;
  /** Create a new store when the folder has none (the app); false for tools that only inspect (the CLI). */
  allowCreate?: boolean;
}

export interface Store {
  readonly db: Db;
  readonly schemaVersion: number;
  close(): void;
}

function readSalt(dbPath: string): Buffer {
  const fd = openSync(dbPath, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens the installation's encrypted store, creating it (and its key) on first run.
 *
 * Before anything is written to an existing file: the key opens page 1, the schema is not from a newer version,
 * and a quick integrity check passes. Each failure has its own error code and leaves the file's bytes as they were.
 */
export function openStore(options: StoreOptions): Store {
  const { dataDir, logger } = options;
  const now = options.now ?? (() => new Date());
  const dbPath = join(dataDir, DB_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  const dbExists = existsSync(dbPath);
  const keyExists = existsSync(keyPath);

  if (!options.keyStore && options.passphrase === undefined) {
    throw new AppError('KEYSTORE_UNAVAILABLE', 'neither a key store nor a passphrase was given');
  }
  if (dbExists && !keyExists)
    throw new AppError('DB_KEY_INVALID', 'database present but its key file is missing');

  if (!dbExists && !keyExists) {
    if (options.allowCreate === false) throw new AppError('NOT_FOUND', 'no store in the data folder');
    return createStore(options, dbPath, keyPath, now);
  }

  const keyFile = readKeyFile(keyPath);
  const key = unwrapKey(keyFile, { keyStore: options.keyStore, passphrase: options.passphrase });
  if (!dbExists) {
    // A key file without a database: an interrupted first run. Start the database under the existing key.
    const db = openEncrypted(dbPath, key, { create: true, nativeBinding: options.nativeBinding });
    return finishOpen(db, dbPath, keyPath, keyFile, logger);
  }

  const salt = readSalt(dbPath);
  if (keyFile.dbSalt && !sameSalt(salt, keyFile.dbSalt)) {
    throw new AppError('DB_KEY_INVALID', 'key file belongs to another database');
  }
  const db = openEncrypted(dbPath, key, { create: false, nativeBinding: options.nativeBinding });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.close();
    if (isNotADb(err)) {
      // Page 1 failed authentication. With the salt matching, the key is this database's own: the page is damaged.
      throw new AppError(keyFile.dbSalt ? 'DB_CORRUPT' : 'DB_KEY_INVALID', 'page 1 did not authenticate');
    }
    if (isCorrupt(err)) throw new AppError('DB_CORRUPT', 'schema unreadable');
    throw err;
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    db.close();
    throw new AppError('DB_TOO_NEW', `database schema ${version}, this build knows ${LATEST_VERSION}`);
  }
  try {
    const check = db.pragma('quick_check') as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok')
      throw new AppError('DB_CORRUPT', 'quick_check failed');
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    if (isCorrupt(err)) throw new AppError('DB_CORRUPT', 'quick_check failed');
    throw err;
  }
  return finishOpen(db, dbPath, keyPath, keyFile, logger);
}

function createStore(options: StoreOptions, dbPath: string, keyPath: string, now: () => Date): Store {
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  const wraps: Wrap[] = [];
  // Fail closed: without a usable OS key store (or, for the CLI and dev harness, a passphrase) nothing is created.
  if (options.keyStore) wraps.push(makeKeystoreWrap(key, options.keyStore));
  if (options.passphrase !== undefined) wraps.push(makePassphraseWrap(key, options.passphrase, now()));
  const keyFile: KeyFile = { format: 'sendeassistent-key', version: 1, dbSalt: null, wraps };
  writeKeyFile(keyPath, keyFile);
  const db = openEncrypted(dbPath, key, { create: true, nativeBinding: options.nativeBinding });
  key.fill(0);
  return finishOpen(db, dbPath, keyPath, keyFile, options.logger);
}

function finishOpen(db: Db, dbPath: string, keyPath: string, keyFile: KeyFile, logger: Logger): Store {
  try {
    db.pragma('journal_mode = WAL');
    // A committed "sent" must survive a power cut, or recovery could send twice.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('trusted_schema = OFF');
    const from = db.pragma('user_version', { simple: true }) as number;
    const schemaVersion = migrate(db);
    if (schemaVersion !== from) logger.info('store.migrated', { from, to: schemaVersion });
    if (keyFile.dbSalt === null) {
      // The salt reaches the main file only at a checkpoint; make sure it is there before recording it.
      db.pragma('wal_checkpoint(TRUNCATE)');
      writeKeyFile(keyPath, { ...keyFile, dbSalt: readSalt(dbPath).toString('hex') });
    }
    return { db, schemaVersion, close: () => db.open && db.close() };
  } catch (err) {
    db.close();
    if (isCorrupt(err)) throw new AppError('DB_CORRUPT', 'failed while preparing the store');
    throw err;
  }
}

/** Adds a passphrase wrap to an existing key file (the `key add-passphrase` command). */
export function addPassphraseWrap(
  dataDir: string,
  means: { keyStore?: KeyStore; passphrase?: string },
  newPassphrase: string,
  now: Date,
): void {
  const keyPath = join(dataDir, KEY_FILE);
  if (!existsSync(keyPath)) throw new AppError('NOT_FOUND', 'no key file in the data folder');
  const file = readKeyFile(keyPath);
  const key = unwrapKey(file, means);
  try {
    writeKeyFile(keyPath, { ...file, wraps: [...file.wraps, makePassphraseWrap(key, newPassphrase, now)] });
  } finally {
    key.fill(0);
  }
}
