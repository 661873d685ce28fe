import type { Migration } from './migration';

/**
 * Users with roles, and their signing keys (docs/approval.md).
 *
 * - `users`: one row a person; the password as an scrypt hash; consecutive failed sign-ins and, after too many, a
 *   lock until a time. `username` is unique whatever its case.
 * - `user_keys`: each user's Ed25519 public keys with the time each was valid. The current key (no `valid_to`) holds
 *   its private key sealed under the user's password; a reset retires the key (its sealed private key is wiped) and
 *   keeps the public key, so signatures made with it still verify.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id               TEXT PRIMARY KEY,
        username         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name     TEXT NOT NULL,
        role             TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'admin')),
        password_hash    TEXT NOT NULL,
        failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until     TEXT,
        disabled_at      TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE TABLE user_keys (
        key_id           TEXT PRIMARY KEY,
        user_id          TEXT NOT NULL REFERENCES users (id),
        public_key       TEXT NOT NULL,
        sealed_private   TEXT CHECK (sealed_private IS NULL OR json_valid(sealed_private)),
        valid_from       TEXT NOT NULL,
        valid_to         TEXT,
        CHECK (valid_to IS NULL OR sealed_private IS NULL)
      ) STRICT;
      CREATE UNIQUE INDEX user_keys_current ON user_keys (user_id) WHERE valid_to IS NULL;
    `);
  },
};
