import type { Migration } from './migration';

/**
 * What sending needs beyond the outbox rows (docs/outbox.md, docs/drafts.md):
 *
 * - `outbox.postal_address`: the postal address a physical send (Fysisk Post) goes to, as JSON, taken from the case
 *   when the send was accepted; null for digital sends.
 * - `outbox_worker`: the lease of the one process that sends (the app or a CLI run). Only the holder claims rows,
 *   so a row in `sending` always belongs to the holder, and a process that takes the lease over from a dead one
 *   may treat the rows it finds in `sending` as cut off.
 * - drafts: whether the PDF needs a user password to open (such a PDF is refused for sending unless the policy
 *   allows it), the acknowledged warnings with their reasons (JSON), and when the draft was submitted or
 *   discarded. A discarded draft stays (its history points at it) but is no longer listed.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'sending',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN postal_address TEXT CHECK (postal_address IS NULL OR json_valid(postal_address));
      CREATE TABLE outbox_worker (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        owner         TEXT NOT NULL,
        pid           INTEGER NOT NULL,
        host          TEXT NOT NULL,
        acquired_at   TEXT NOT NULL,
        heartbeat_at  TEXT NOT NULL
      ) STRICT;
      ALTER TABLE drafts ADD COLUMN password_required INTEGER NOT NULL DEFAULT 0 CHECK (password_required IN (0, 1));
      ALTER TABLE drafts ADD COLUMN acknowledged TEXT CHECK (acknowledged IS NULL OR json_valid(acknowledged));
      ALTER TABLE drafts ADD COLUMN submitted_at TEXT;
      ALTER TABLE drafts ADD COLUMN discarded_at TEXT;
    `);
  },
};
