import type { Migration } from './migration';

/**
 * What a draft was last checked with and what the check said: the chosen type and recipients, and the result.
 * Comparing a new check with the last one is how a near-miss is noticed (a finding that made the caseworker
 * change case or recipients).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'drafts-check',
  up(db) {
    db.exec(`
      ALTER TABLE drafts ADD COLUMN document_type TEXT;
      ALTER TABLE drafts ADD COLUMN recipients TEXT;   -- JSON array of party ids
      ALTER TABLE drafts ADD COLUMN last_check TEXT;   -- JSON: the case, recipients and CheckResult of the last check
    `);
  },
};
