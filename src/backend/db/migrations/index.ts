import type { Db } from '../sqlite';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-documents-drafts';
import { migration0003 } from './0003-drafts-recheck';
import { migration0004 } from './0004-drafts-check';
import { migration0005 } from './0005-drafts-replaces';
import { migration0006 } from './0006-outbox';
import { migration0007 } from './0007-sending';
import { migration0008 } from './0008-users';
import { migration0009 } from './0009-approvals';
import { migration0010 } from './0010-shared-folder';
import type { Migration } from './migration';

export type { Migration };

/** Numbered and forward-only. A new migration is appended here and gets its own test. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies every migration above the file's `user_version`, each in its own transaction. Returns the new version. */
export function migrate(db: Db, upTo: number = LATEST_VERSION): number {
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue;
    if (m.version !== current + 1)
      throw new Error(`migration ${m.version} follows ${current}: gap in numbering`);
    // IMMEDIATE, and the version read again inside: another process opening the same store at the same moment either
    // waits for this migration or has already applied it, which is then skipped.
    current = db
      .transaction(() => {
        const now = db.pragma('user_version', { simple: true }) as number;
        if (now >= m.version) return now;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        return m.version;
      })
      .immediate();
  }
  return current;
}
