import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_LINUX_BACKENDS,
  judgeKeyStore,
  keyFromSafeStorageText,
  keyToSafeStorageText,
} from '../../../src/main/key-store-policy';

describe('judgeKeyStore', () => {
  it('accepts Windows and macOS when encryption is available', () => {
    expect(judgeKeyStore({ platform: 'win32', encryptionAvailable: true, linuxBackend: null })).toEqual({
      ok: true,
    });
    expect(judgeKeyStore({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null })).toEqual({
      ok: true,
    });
  });

  it.each(['win32', 'darwin', 'linux'])('refuses %s when encryption is unavailable', (platform) => {
    const verdict = judgeKeyStore({ platform, encryptionAvailable: false, linuxBackend: 'gnome_libsecret' });
    expect(verdict.ok).toBe(false);
  });

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'accepts the Linux backend %s',
    (backend) => {
      expect(judgeKeyStore({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend })).toEqual({
        ok: true,
      });
    },
  );

  it.each(['basic_text', 'unknown', 'some_future_store', ''])('refuses the Linux backend %j', (backend) => {
    const verdict = judgeKeyStore({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toContain(backend || '"');
  });

  it('refuses Linux when the backend was not asked', () => {
    expect(judgeKeyStore({ platform: 'linux', encryptionAvailable: true, linuxBackend: null }).ok).toBe(
      false,
    );
  });

  it('keeps basic_text off the allow-list', () => {
    expect(ACCEPTED_LINUX_BACKENDS).not.toContain('basic_text');
    expect(ACCEPTED_LINUX_BACKENDS).not.toContain('unknown');
  });
});

describe('key encoding for safeStorage', () => {
  it('round-trips a 32-byte key through hex text', () => {
    const key = randomBytes(32);
    const text = keyToSafeStorageText(key);
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(keyFromSafeStorageText(text))).toEqual(key);
  });

  it.each(['', 'abc', 'zz', 'ABCD', '00 11', 'ééé'])('refuses %j', (text) => {
    expect(() => keyFromSafeStorageText(text)).toThrow(/not a hex-encoded key/);
  });
});
