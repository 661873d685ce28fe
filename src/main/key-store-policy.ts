/**
 * Whether Electron's safeStorage may protect the database key, and how the key is encoded for it. No `electron`
 * import here: `safe-storage-key-store.ts` feeds in what safeStorage reports.
 */

/** Linux password stores that really encrypt with a secret held by the user's session. An allow-list, on purpose. */
export const ACCEPTED_LINUX_BACKENDS: readonly string[] = [
  'gnome_libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
];

export interface KeyStoreFacts {
  readonly platform: string;
  readonly encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()`; only asked on Linux. */
  readonly linuxBackend: string | null;
}

export type KeyStoreVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Fail closed. On Linux `basic_text` means Chromium "encrypts" with a constant built into every copy of Chromium, so
 * a wrap would be a plaintext key in disguise; `unknown` means it was asked before `ready`; anything not on the
 * allow-list (a future backend) is refused until someone has looked at it.
 */
export function judgeKeyStore(facts: KeyStoreFacts): KeyStoreVerdict {
  if (!facts.encryptionAvailable) return { ok: false, reason: 'safeStorage reports encryption unavailable' };
  if (facts.platform === 'linux') {
    const backend = facts.linuxBackend ?? 'unknown';
    if (!ACCEPTED_LINUX_BACKENDS.includes(backend)) {
      return { ok: false, reason: `Linux safeStorage backend "${backend}" does not protect secrets` };
    }
  }
  return { ok: true };
}

/** safeStorage encrypts strings: the key goes in as lowercase hex, so no byte is lost to a text encoding. */
export function keyToSafeStorageText(key: Uint8Array): string {
  return Buffer.from(key).toString('hex');
}

export function keyFromSafeStorageText(text: string): Uint8Array {
  if (text.length === 0 || text.length % 2 !== 0 || !/^[0-9a-f]+$/.test(text)) {
    throw new Error('safeStorage returned something that is not a hex-encoded key');
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
