import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/result';
import type { KeyStore } from '../ports';

/**
 * The key file holds one or more wraps of the store's 32-byte random key and never the key itself:
 * a wrap by the OS key store (Electron safeStorage in the app) and optionally passphrase wraps (scrypt +
 * AES-256-GCM) that an IT administrator adds for the CLI and for recovery after a PC is re-imaged.
 * `dbSalt` records the first 16 bytes of the database file (SQLCipher's plaintext salt), so that a page-1
 * authentication failure can be told apart: another database (wrong key) or this database damaged.
 */

export const KEY_BYTES = 32;
export const MIN_PASSPHRASE_LENGTH = 12;
const FORMAT = 'sendeassistent-key';
const AAD = Buffer.from('sendeassistent-key-v1');
/** OWASP's scrypt recommendation (N=2^17, r=8, p=1): about 128 MiB and a few hundred ms per attempt. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const keystoreWrap = z.strictObject({
  type: z.literal('keystore'),
  keystore: z.string().min(1).max(64),
  data: b64,
});
const passphraseWrap = z.strictObject({
  type: z.literal('passphrase'),
  kdf: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: b64,
  iv: b64,
  tag: b64,
  data: b64,
  createdAt: z.string(),
});
const keyFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  dbSalt: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable(),
  wraps: z.array(z.discriminatedUnion('type', [keystoreWrap, passphraseWrap])).min(1),
});

export type KeyFile = z.output<typeof keyFileSchema>;
export type Wrap = KeyFile['wraps'][number];

export function readKeyFile(path: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new AppError('DB_KEY_INVALID', 'key file unreadable or not JSON');
  }
  const parsed = keyFileSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('DB_KEY_INVALID', 'key file has an unknown format');
  return parsed.data;
}

/** Write-then-rename with fsync, so a crash leaves either the old or the new key file, never half of one. */
export function writeKeyFile(path: string, file: KeyFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(file, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function keyFileExists(path: string): boolean {
  return existsSync(path);
}

function deriveKek(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  // NFC so that "æøå" typed on different keyboards/OSes derives the same key.
  return scryptSync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, 32, {
    ...params,
    maxmem: 256 * 1024 * 1024,
  });
}

export function makePassphraseWrap(key: Uint8Array, passphrase: string, now: Date): Wrap {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('VALIDATION_FAILED', 'passphrase shorter than 12 characters');
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = deriveKek(passphrase, salt, SCRYPT_PARAMS);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    type: 'passphrase',
    kdf: 'scrypt',
    ...SCRYPT_PARAMS,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
    createdAt: now.toISOString(),
  };
}

export function makeKeystoreWrap(key: Uint8Array, keyStore: KeyStore): Wrap {
  keyStore.assertAvailable();
  return {
    type: 'keystore',
    keystore: keyStore.kind,
    data: Buffer.from(keyStore.wrap(key)).toString('base64'),
  };
}

function tryPassphrase(wrap: Extract<Wrap, { type: 'passphrase' }>, passphrase: string): Buffer | null {
  const kek = deriveKek(passphrase, Buffer.from(wrap.salt, 'base64'), wrap);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.iv, 'base64'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(wrap.data, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Unwraps the key with whatever the host offers: the OS key store first, then a passphrase.
 * A wrong passphrase or a wrap made on another account gives DB_KEY_INVALID; no usable means gives
 * KEYSTORE_UNAVAILABLE (the app) or DB_KEY_INVALID (a passphrase was expected).
 */
export function unwrapKey(file: KeyFile, means: { keyStore?: KeyStore; passphrase?: string }): Buffer {
  if (means.keyStore) {
    const wraps = file.wraps.filter((w) => w.type === 'keystore' && w.keystore === means.keyStore!.kind);
    if (wraps.length > 0) {
      means.keyStore.assertAvailable();
      for (const w of wraps) {
        try {
          const key = Buffer.from(means.keyStore.unwrap(Buffer.from(w.data, 'base64')));
          if (key.length === KEY_BYTES) return key;
        } catch {
          // Wrapped for another OS account or machine; try the next means.
        }
      }
    }
  }
  if (means.passphrase !== undefined) {
    for (const w of file.wraps) {
      if (w.type !== 'passphrase') continue;
      const key = tryPassphrase(w, means.passphrase);
      if (key && key.length === KEY_BYTES) return key;
    }
    throw new AppError('DB_KEY_INVALID', 'no passphrase wrap opened with the given passphrase');
  }
  if (!means.keyStore) throw new AppError('DB_KEY_INVALID', 'no key store and no passphrase given');
  throw new AppError('DB_KEY_INVALID', 'no wrap in the key file could be opened by this key store');
}

export function sameSalt(a: Buffer, hex: string): boolean {
  const b = Buffer.from(hex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
