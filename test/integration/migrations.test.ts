import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MIGRATIONS, LATEST_VERSION, migrate } from '../../src/backend/db/migrations';
import { openEncrypted, type Db } from '../../src/backend/db/sqlite';
import { tempDir } from '../support/temp-dir';

const KEY = Buffer.alloc(32, 3);

describe('migrations', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    dir = tempDir();
    db = openEncrypted(join(dir.path, 'm.db'), KEY, { create: true });
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  it('are numbered 1, 2, 3 … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('0001 creates cases, parties and the append-only audit log', () => {
    expect(migrate(db, 1)).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const names = (
      db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table','trigger')").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'meta',
        'cases',
        'parties',
        'audit_log',
        'audit_log_no_update',
        'audit_log_no_delete',
      ]),
    );
  });

  it('is idempotent: running again changes nothing', () => {
    migrate(db);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
  });

  it('rolls a failing migration back whole, leaving user_version where it was', () => {
    migrate(db);
    const broken = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      up: (d: Db) => d.exec('CREATE TABLE half(x); SELECT nope FROM nowhere;'),
    };
    (MIGRATIONS as unknown as object[]).push(broken);
    try {
      expect(() => migrate(db, LATEST_VERSION + 1)).toThrow();
    } finally {
      (MIGRATIONS as unknown as object[]).pop();
    }
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });
});
