import type { Migration } from './migration';

/**
 * Approval across desks (docs/approval.md, "Across desks"): the admin's signed rosters this installation accepted
 * (all kept: a decision is verified against the roster in force when it was signed), the requests of other
 * installations read from the shared folder (with the document, for the review) and what was decided here (and
 * whether the decision file was written), the
 * files of the folder already reported as refused (so each is reported once), and, for this installation's own requests,
 * the signed review (what the caseworker's checks found, for a reviewer elsewhere), when it was put in the folder,
 * and when its files were taken out of the folder again once it was no longer pending.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'shared-folder',
  up(db) {
    db.exec(`
      CREATE TABLE rosters (
        serial        INTEGER PRIMARY KEY CHECK (serial > 0),
        issued_at     TEXT NOT NULL,
        admin_key_id  TEXT NOT NULL,
        signed        TEXT NOT NULL CHECK (json_valid(signed)),
        imported_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE remote_requests (
        id            TEXT PRIMARY KEY,
        draft_id      TEXT NOT NULL,
        requester_id  TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn')),
        request       TEXT NOT NULL CHECK (json_valid(request)),
        request_hash  TEXT NOT NULL,
        review        TEXT NOT NULL CHECK (json_valid(review)),
        document      BLOB NOT NULL,
        expires_at    TEXT NOT NULL,
        decision      TEXT CHECK (decision IS NULL OR json_valid(decision)),
        received_at   TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        published_at  TEXT,
        CHECK ((state IN ('approved', 'rejected')) = (decision IS NOT NULL))
      ) STRICT;
      CREATE INDEX remote_requests_state ON remote_requests (state, received_at);
      CREATE INDEX remote_requests_draft ON remote_requests (draft_id, received_at);

      CREATE TABLE shared_folder_refusals (
        file      TEXT NOT NULL,
        sha256    TEXT NOT NULL,
        problem   TEXT NOT NULL,
        at        TEXT NOT NULL,
        PRIMARY KEY (file, sha256)
      ) STRICT;

      ALTER TABLE approval_requests ADD COLUMN published_at TEXT;
      ALTER TABLE approval_requests ADD COLUMN cleared_at TEXT;
      ALTER TABLE approval_requests ADD COLUMN review_packet TEXT CHECK (review_packet IS NULL OR json_valid(review_packet));
    `);
  },
};
