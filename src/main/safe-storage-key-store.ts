import { safeStorage } from 'electron';
import type { KeyStore } from '../backend/ports';
import { AppError } from '../shared/result';
import { judgeKeyStore, keyFromSafeStorageText, keyToSafeStorageText } from './key-store-policy';

/**
 * The OS key store behind Electron safeStorage (DPAPI, Keychain, libsecret/KWallet). Adapter only: the decision
 * lives in key-store-policy.ts. Must be used after `app` is ready (before that, Linux reports `unknown`).
 * Uses the synchronous API because the KeyStore port is synchronous (deprecated in Electron 45, still supported).
 */
export function createSafeStorageKeyStore(platform: string = process.platform): KeyStore {
  const assertAvailable = (): void => {
    const verdict = judgeKeyStore({
      platform,
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      linuxBackend: platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    });
    if (!verdict.ok) throw new AppError('KEYSTORE_UNAVAILABLE', verdict.reason);
  };
  return {
    kind: 'electron-safeStorage',
    assertAvailable,
    wrap(plain) {
      assertAvailable();
      return new Uint8Array(safeStorage.encryptString(keyToSafeStorageText(plain)));
    },
    unwrap(wrapped) {
      assertAvailable();
      return keyFromSafeStorageText(safeStorage.decryptString(Buffer.from(wrapped)));
    },
  };
}
