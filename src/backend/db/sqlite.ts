import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/result';

export type Db = Database.Database;

/**
 * A write transaction that takes the write lock at its BEGIN (IMMEDIATE). Several processes share the store (the app,
 * `sendeassistent send`, the outbox worker's heartbeat): a deferred transaction that reads and then writes fails at
 * once with SQLITE_BUSY_SNAPSHOT when another process committed in between, and the busy timeout does not help;
 * BEGIN IMMEDIATE waits for the lock instead (better-sqlite3's 5 s busy timeout). Called inside another transaction it
 * is a savepoint of that one.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A) => tx.immediate(...args);
}

/**
 * Opens (or creates) a SQLite file encrypted whole in SQLCipher 4 format with a raw 32-byte key.
 * The key is set before anything else touches the file; nothing here writes until the caller migrates.
 */
export function openEncrypted(
  path: string,
  key: Uint8Array,
  opts: { create: boolean; nativeBinding?: string },
): Db {
  if (key.length !== 32) throw new AppError('DB_KEY_INVALID', 'store key must be 32 bytes');
  const db = new Database(path, {
    fileMustExist: !opts.create,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    // A raw key (x'…'): no passphrase KDF inside SQLCipher, the key file already holds a random key.
    db.pragma(`key="x'${Buffer.from(key).toString('hex')}'"`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function sqliteCode(err: unknown): string | null {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/** SQLite's answers for "this is not readable with this key" and "this is damaged". */
export function isNotADb(err: unknown): boolean {
  return sqliteCode(err) === 'SQLITE_NOTADB';
}

export function isCorrupt(err: unknown): boolean {
  const code = sqliteCode(err);
  return (
    code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT_') === true
  );
}
