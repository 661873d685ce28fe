import type { Migration } from './migration';

/**
 * A draft can replace an earlier one: the caseworker dropped another document for the same send. The first check
 * of the new draft is compared with the replaced draft's last check, so a finding that made the caseworker change
 * the document is recorded as a near-miss like one that made them change case or recipients.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'drafts-replaces',
  up(db) {
    db.exec(`ALTER TABLE drafts ADD COLUMN replaces TEXT REFERENCES drafts(id);`);
  },
};
