import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/result';

// The adapter against a fake safeStorage that "encrypts" by reversing bytes: enough to see what goes in and out.
const fake = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string,
  encryptString: vi.fn((s: string) => Buffer.from(s, 'utf8').reverse()),
  decryptString: vi.fn((b: Buffer) => Buffer.from(b).reverse().toString('utf8')),
}));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: fake.encryptString,
    decryptString: fake.decryptString,
  },
}));

const { createSafeStorageKeyStore } = await import('../../../src/main/safe-storage-key-store');

beforeEach(() => {
  fake.available = true;
  fake.backend = 'gnome_libsecret';
  vi.clearAllMocks();
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return undefined;
}

describe('safe-storage key store', () => {
  it('wraps the key as hex text and unwraps it to the same bytes', () => {
    const store = createSafeStorageKeyStore('linux');
    const key = randomBytes(32);
    const wrapped = store.wrap(key);
    expect(fake.encryptString).toHaveBeenCalledWith(key.toString('hex'));
    expect(Buffer.from(wrapped).toString('utf8')).not.toContain(key.toString('hex'));
    expect(Buffer.from(store.unwrap(wrapped))).toEqual(key);
  });

  it('names itself in the key file', () => {
    expect(createSafeStorageKeyStore('win32').kind).toBe('electron-safeStorage');
  });

  it('fails closed with KEYSTORE_UNAVAILABLE on Linux basic_text, before encrypting anything', () => {
    fake.backend = 'basic_text';
    const store = createSafeStorageKeyStore('linux');
    expect(codeOf(() => store.assertAvailable())).toBe('KEYSTORE_UNAVAILABLE');
    expect(codeOf(() => store.wrap(randomBytes(32)))).toBe('KEYSTORE_UNAVAILABLE');
    expect(fake.encryptString).not.toHaveBeenCalled();
  });

  it('fails closed when encryption is unavailable', () => {
    fake.available = false;
    expect(codeOf(() => createSafeStorageKeyStore('win32').assertAvailable())).toBe('KEYSTORE_UNAVAILABLE');
  });

  it('does not ask for a Linux backend on Windows', () => {
    fake.backend = 'basic_text';
    expect(codeOf(() => createSafeStorageKeyStore('win32').assertAvailable())).toBeUndefined();
  });

  it('refuses a decrypted value that is not a hex key', () => {
    const store = createSafeStorageKeyStore('darwin');
    expect(() => store.unwrap(Buffer.from('not hex', 'utf8').reverse())).toThrow(/not a hex-encoded key/);
  });
});
