import type { Migration } from './migration';

/**
 * Dropped documents and the minimal draft that holds one: the document (bytes, hash) and its analysis. The
 * recipients and sending issues extend the draft. Bytes are stored once per SHA-256.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'documents-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        sha256     TEXT PRIMARY KEY,
        bytes      BLOB NOT NULL,
        byte_size  INTEGER NOT NULL,
        added_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE drafts (
        id              TEXT PRIMARY KEY,
        document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
        file_name       TEXT NOT NULL,
        case_number     TEXT,
        status          TEXT NOT NULL CHECK (status IN ('draft')),
        analysis        TEXT NOT NULL,  -- JSON, the analysis as the contract gives it
        texts           TEXT NOT NULL,  -- JSON, the page/form/annotation texts the checks read
        created_by      TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drafts_updated ON drafts(updated_at);
    `);
  },
};
