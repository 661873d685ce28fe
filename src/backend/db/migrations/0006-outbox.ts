import type { Migration } from './migration';

/**
 * The outbox (architecture.md, "Sending"; docs/outbox.md): one row per (draft, recipient), created in the
 * transaction that accepts the send, with the MeMo messageUUID fixed then and never changed. `entry` is the state
 * machine's entry as JSON; `state` repeats its state for queries and must agree with it. The UNIQUE pair makes a
 * second submit of the same draft (two clicks, two processes) find the existing row instead of creating another.
 * Rows are never deleted: a finished send stays as the record of what happened.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id                 TEXT PRIMARY KEY,
        draft_id           TEXT NOT NULL REFERENCES drafts(id),
        message_uuid       TEXT NOT NULL UNIQUE,
        recipient_party_id TEXT NOT NULL,
        channel            TEXT NOT NULL CHECK (channel IN ('digital', 'physical', 'auto')),
        state              TEXT NOT NULL CHECK (state IN ('draft', 'awaiting_approval', 'approved', 'queued',
                             'sending', 'sent', 'failed_retryable', 'failed_permanent', 'unknown', 'cancelled')),
        entry              TEXT NOT NULL CHECK (
                             json_valid(entry)
                             AND json_extract(entry, '$.id') = id
                             AND json_extract(entry, '$.messageUUID') = message_uuid
                             AND json_extract(entry, '$.state') = state),
        memo_xml           TEXT NOT NULL,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        UNIQUE (draft_id, recipient_party_id)
      ) STRICT;
      CREATE INDEX outbox_state ON outbox(state);
      CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
      BEGIN
        SELECT RAISE(ABORT, 'outbox rows are never deleted');
      END;
    `);
  },
};
