import type { Migration } from './migration';

/**
 * Approval requests (docs/approval.md): one row a request, holding the signed request file and, once decided, the
 * signed decision file exactly as signed (JSON of `{ payload, keyId, signature }`), so either can be verified again
 * at any time. At most one pending request a draft.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'approvals',
  up(db) {
    db.exec(`
      CREATE TABLE approval_requests (
        id            TEXT PRIMARY KEY,
        draft_id      TEXT NOT NULL REFERENCES drafts (id),
        requester_id  TEXT NOT NULL REFERENCES users (id),
        state         TEXT NOT NULL
                      CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'voided', 'withdrawn')),
        request       TEXT NOT NULL CHECK (json_valid(request)),
        request_hash  TEXT NOT NULL,
        expires_at    TEXT NOT NULL,
        decision      TEXT CHECK (decision IS NULL OR json_valid(decision)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        CHECK ((state IN ('approved', 'rejected')) = (decision IS NOT NULL) OR state = 'voided')
      ) STRICT;
      CREATE UNIQUE INDEX approval_requests_one_pending ON approval_requests (draft_id) WHERE state = 'pending';
      CREATE INDEX approval_requests_state ON approval_requests (state, created_at);
    `);
  },
};
