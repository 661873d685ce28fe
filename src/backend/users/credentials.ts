import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign as signBytes,
  timingSafeEqual,
  verify as verifyBytes,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';

/**
 * Passwords and signing keys of the app's users (docs/approval.md).
 *
 * - A password is kept as an scrypt hash (`scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64), compared in constant time.
 * - Each user has an Ed25519 key pair. The private key (PKCS #8) is sealed with AES-256-GCM under a key derived from
 *   the user's password with scrypt and its own salt, so the store alone (or its key) never signs for anybody.
 * - A signature is over the RFC 8785 canonical JSON of the signed value, so it does not depend on key order.
 */

/** scrypt cost: 2^15 × 8 × 1 needs 32 MiB and takes tens of milliseconds: cheap at a sign-in, dear for a guesser. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const MAX_MEM = 64 * 1024 * 1024;
const KEY_LENGTH = 32;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: MAX_MEM });
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** False for a wrong password and for a stored value that is not a hash this code wrote (never throws). */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || 128 * N * r > MAX_MEM) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(scrypt(password, salt, { N, r, p }), expected);
}

/** A private key sealed under a password: what the store keeps. */
export interface SealedKey {
  v: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  data: string;
}

export interface SigningKeyPair {
  /** SPKI DER, base64. */
  publicKey: string;
  /** SHA-256 of the SPKI DER, hex: how a roster and a signature name the key. */
  keyId: string;
  sealed: SealedKey;
}

export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}

function seal(privateKey: KeyObject, password: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scrypt(password, salt, SCRYPT), iv);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const data = Buffer.concat([cipher.update(der), cipher.final()]);
  return {
    v: 1,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function generateSigningKey(password: string): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return { publicKey: spki, keyId: keyIdOf(spki), sealed: seal(privateKey, password) };
}

/** The private key, or null when the password does not open it (or the sealed value was altered). */
export function openSigningKey(sealed: SealedKey, password: string): KeyObject | null {
  try {
    const { N, r, p, salt } = sealed.kdf;
    if (128 * N * r > MAX_MEM) return null;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      scrypt(password, Buffer.from(salt, 'base64'), { N, r, p }),
      Buffer.from(sealed.iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** The same private key under a new password (a password change by its owner keeps the key pair). */
export function resealSigningKey(
  sealed: SealedKey,
  oldPassword: string,
  newPassword: string,
): SealedKey | null {
  const key = openSigningKey(sealed, oldPassword);
  return key ? seal(key, newPassword) : null;
}

/** Base64 Ed25519 signature over the canonical JSON of `value`. */
export function signCanonical(privateKey: KeyObject, value: unknown): string {
  return signBytes(null, Buffer.from(canonicalJson(value), 'utf8'), privateKey).toString('base64');
}

/** False for a wrong signature, another key, a changed value, or a malformed key or signature (never throws). */
export function verifyCanonical(publicKey: string, value: unknown, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64) return false;
    return verifyBytes(null, Buffer.from(canonicalJson(value), 'utf8'), key, sig);
  } catch {
    return false;
  }
}
