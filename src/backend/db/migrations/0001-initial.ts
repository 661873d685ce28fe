import type { Migration } from './migration';

/** Cases with their parties, and the append-only, hash-chained history. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cases (
        case_number      TEXT PRIMARY KEY,
        title            TEXT NOT NULL,
        area             TEXT NOT NULL,
        subject_party_id TEXT NOT NULL,
        related          TEXT NOT NULL,  -- JSON array of case numbers
        as_of            TEXT NOT NULL,
        source           TEXT NOT NULL,
        imported_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE parties (
        case_number TEXT NOT NULL REFERENCES cases(case_number) ON DELETE CASCADE,
        party_id    TEXT NOT NULL,
        position    INTEGER NOT NULL,
        name        TEXT NOT NULL,
        cpr         TEXT,
        data        TEXT NOT NULL,      -- the party as in the case file, JSON
        PRIMARY KEY (case_number, party_id)
      ) STRICT;
      CREATE INDEX parties_name ON parties(name);
      CREATE INDEX parties_cpr ON parties(cpr);

      CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        kind        TEXT NOT NULL,
        case_number TEXT,
        details     TEXT NOT NULL,      -- canonical JSON
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_case ON audit_log(case_number);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
