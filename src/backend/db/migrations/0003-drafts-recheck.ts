import type { Migration } from './migration';

/**
 * A re-import that changes a case's parties makes the earlier checks of that case's drafts unreliable: the draft
 * is flagged until it is checked again. The index serves that update (by case number).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'drafts-recheck',
  up(db) {
    db.exec(`
      ALTER TABLE drafts ADD COLUMN needs_recheck INTEGER NOT NULL DEFAULT 0 CHECK (needs_recheck IN (0, 1));
      CREATE INDEX drafts_case ON drafts(case_number);
    `);
  },
};
