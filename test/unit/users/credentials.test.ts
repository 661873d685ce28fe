import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  hashPassword,
  keyIdOf,
  openSigningKey,
  resealSigningKey,
  signCanonical,
  verifyCanonical,
  verifyPassword,
} from '../../../src/backend/users/credentials';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, with a fresh salt each time', () => {
    const a = hashPassword('Grøn hest 1234');
    const b = hashPassword('Grøn hest 1234');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(verifyPassword('Grøn hest 1234', a)).toBe(true);
    expect(verifyPassword('Grøn hest 1235', a)).toBe(false);
    expect(verifyPassword('', a)).toBe(false);
  });

  it('treats NFC and NFD spellings of the same password as the same', () => {
    const stored = hashPassword('Blåbærgrød'.normalize('NFD'));
    expect(verifyPassword('Blåbærgrød'.normalize('NFC'), stored)).toBe(true);
  });

  it('answers false, never throws, for a stored value it did not write', () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1$2$3',
      'scrypt$x$8$1$AAAA$BBBB',
      'scrypt$1073741824$8$1$AAAA$BBBB',
    ]) {
      expect(verifyPassword('whatever', stored)).toBe(false);
    }
    const real = hashPassword('korrekt hest');
    const cut = real.slice(0, -8);
    expect(verifyPassword('korrekt hest', cut)).toBe(false);
  });
});

describe('signing keys', () => {
  const value = {
    draftId: 'd-1',
    recipients: [{ party: 'p1', channel: 'digital' }],
    sha256: 'ab'.repeat(32),
  };

  it('signs the canonical form: key order does not matter, any change does', () => {
    const pair = generateSigningKey('sagsbehandler-kode');
    const key = openSigningKey(pair.sealed, 'sagsbehandler-kode')!;
    const signature = signCanonical(key, value);
    const reordered = { sha256: value.sha256, recipients: value.recipients, draftId: value.draftId };
    expect(verifyCanonical(pair.publicKey, reordered, signature)).toBe(true);
    expect(verifyCanonical(pair.publicKey, { ...value, draftId: 'd-2' }, signature)).toBe(false);
    expect(
      verifyCanonical(
        pair.publicKey,
        { ...value, recipients: [{ party: 'p1', channel: 'physical' }] },
        signature,
      ),
    ).toBe(false);
  });

  it('a signature does not verify under another key, and bad keys or signatures give false', () => {
    const one = generateSigningKey('første-kodeord');
    const two = generateSigningKey('andet-kodeord');
    const signature = signCanonical(openSigningKey(one.sealed, 'første-kodeord')!, value);
    expect(verifyCanonical(two.publicKey, value, signature)).toBe(false);
    expect(verifyCanonical('not a key', value, signature)).toBe(false);
    expect(verifyCanonical(one.publicKey, value, 'AAAA')).toBe(false);
    const flipped = Buffer.from(signature, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(verifyCanonical(one.publicKey, value, flipped.toString('base64'))).toBe(false);
    // An RSA key is not an Ed25519 key, whatever it signs.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const rsaSpki = rsa.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(verifyCanonical(rsaSpki, value, signature)).toBe(false);
  });

  it('the private key opens only with its password, and not when the sealed value was altered', () => {
    const pair = generateSigningKey('rigtigt-kodeord');
    expect(pair.keyId).toBe(keyIdOf(pair.publicKey));
    expect(pair.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(openSigningKey(pair.sealed, 'forkert-kodeord')).toBeNull();
    const data = Buffer.from(pair.sealed.data, 'base64');
    data[3] = data[3]! ^ 0xff;
    expect(openSigningKey({ ...pair.sealed, data: data.toString('base64') }, 'rigtigt-kodeord')).toBeNull();
    expect(
      openSigningKey({ ...pair.sealed, kdf: { ...pair.sealed.kdf, N: 2 ** 30 } }, 'rigtigt-kodeord'),
    ).toBeNull();
    // The sealed form holds no readable key material.
    expect(JSON.stringify(pair.sealed)).not.toContain('PRIVATE');
  });

  it('a password change re-seals the same key pair', () => {
    const pair = generateSigningKey('gammelt-kodeord');
    const resealed = resealSigningKey(pair.sealed, 'gammelt-kodeord', 'nyt-kodeord-123')!;
    expect(resealSigningKey(pair.sealed, 'forkert', 'nyt-kodeord-123')).toBeNull();
    expect(openSigningKey(resealed, 'gammelt-kodeord')).toBeNull();
    const signature = signCanonical(openSigningKey(resealed, 'nyt-kodeord-123')!, value);
    expect(verifyCanonical(pair.publicKey, value, signature)).toBe(true);
  });
});
