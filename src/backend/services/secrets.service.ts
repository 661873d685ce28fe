import type { Db } from '../db/sqlite';
import type { KeyStore } from '../ports';

/**
 * Secrets the app needs but the settings must never hold (docs/sf1601.md): the password of the municipality's
 * certificate. Kept in the encrypted store's `meta` table, and wrapped once more by the OS key store when there is
 * one (safeStorage in the app), so a copy of the database and its key file alone does not give it away on another
 * PC. Never logged, never returned over the contract.
 */

const CERTIFICATE_PASSWORD_KEY = 'secret.sf1601.certificatePassword';

interface Stored {
  /** `keyStore`: wrapped by the OS key store; `store`: only the store's own encryption (the CLI's passphrase mode). */
  wrap: 'keyStore' | 'store';
  value: string;
}

export function createSecretsService(deps: { db: Db; keyStore?: KeyStore }) {
  const read = deps.db.prepare('SELECT value FROM meta WHERE key = ?');
  const write = deps.db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  return {
    setCertificatePassword(password: string): void {
      const bytes = Buffer.from(password, 'utf8');
      const stored: Stored = deps.keyStore
        ? { wrap: 'keyStore', value: Buffer.from(deps.keyStore.wrap(bytes)).toString('base64') }
        : { wrap: 'store', value: bytes.toString('base64') };
      write.run(CERTIFICATE_PASSWORD_KEY, JSON.stringify(stored));
    },

    /** Null when none is saved, or when it was wrapped by a key store this process does not have. */
    certificatePassword(): string | null {
      const row = read.get(CERTIFICATE_PASSWORD_KEY) as { value: string } | undefined;
      if (!row) return null;
      const stored = JSON.parse(row.value) as Stored;
      const bytes = Buffer.from(stored.value, 'base64');
      if (stored.wrap === 'store') return bytes.toString('utf8');
      if (!deps.keyStore) return null;
      return Buffer.from(deps.keyStore.unwrap(bytes)).toString('utf8');
    },

    hasCertificatePassword(): boolean {
      return read.get(CERTIFICATE_PASSWORD_KEY) !== undefined;
    },
  };
}

export type SecretsService = ReturnType<typeof createSecretsService>;
