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
    db.pragma('foreign_keys = ON');
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

  it('0002 adds documents and drafts to a version-1 store and keeps its rows', () => {
    migrate(db, 1);
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, kind, case_number, details, prev_hash, hash)
       VALUES (1, '2026-11-28T09:00:00.000Z', 'x', 'k', NULL, '{}', '0', '1')`,
    ).run();
    expect(migrate(db, 2)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25504446', 4, 'now')",
    ).run();
    db.prepare(
      `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
       VALUES ('d1', 'a', 'brev.pdf', NULL, 'draft', '{}', '[]', 'x', 'now', 'now')`,
    ).run();
    // A draft must point at a stored document, and only known states are accepted.
    expect(() =>
      db
        .prepare(
          `INSERT INTO drafts (id, document_sha256, file_name, status, analysis, texts, created_by, created_at, updated_at)
           VALUES ('d2', 'missing', 'x.pdf', 'draft', '{}', '[]', 'x', 'now', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE drafts SET status = 'sent' WHERE id = 'd1'").run()).toThrow(/CHECK/);
  });

  it('0003 adds the re-check flag to drafts, cleared on existing drafts and limited to 0 or 1', () => {
    migrate(db, 2);
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25504446', 4, 'now')",
    ).run();
    db.prepare(
      `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
       VALUES ('d1', 'a', 'brev.pdf', 'S-1', 'draft', '{}', '[]', 'x', 'now', 'now')`,
    ).run();
    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare("SELECT needs_recheck FROM drafts WHERE id = 'd1'").get()).toEqual({
      needs_recheck: 0,
    });
    expect(db.prepare("UPDATE drafts SET needs_recheck = 1 WHERE case_number = 'S-1'").run().changes).toBe(1);
    expect(() => db.prepare("UPDATE drafts SET needs_recheck = 2 WHERE id = 'd1'").run()).toThrow(/CHECK/);
    expect(
      db
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'drafts_case'")
        .get(),
    ).toEqual({ n: 1 });
  });

  it('0004 adds the last check, chosen type and recipients to drafts', () => {
    migrate(db, 3);
    expect(migrate(db, 4)).toBe(4);
    const columns = (db.prepare('PRAGMA table_info(drafts)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(
      expect.arrayContaining(['document_type', 'recipients', 'last_check', 'needs_recheck']),
    );
  });

  it('0005 lets a draft name the draft it replaces, and only an existing one', () => {
    migrate(db, 5);
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')",
    ).run();
    const insert = (id: string, replaces: string | null) =>
      db
        .prepare(
          `INSERT INTO drafts (id, document_sha256, file_name, status, analysis, texts, created_by, created_at, updated_at, replaces)
           VALUES (?, 'a', 'x.pdf', 'draft', '{}', '[]', 'x', 'now', 'now', ?)`,
        )
        .run(id, replaces);
    insert('d1', null);
    insert('d2', 'd1');
    expect(() => insert('d3', 'missing')).toThrow(/FOREIGN KEY/);
  });

  it('0006 adds the outbox: one row per draft and recipient, a unique UUID, state and entry in step, no deletes', () => {
    migrate(db, 5);
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')",
    ).run();
    db.prepare(
      `INSERT INTO drafts (id, document_sha256, file_name, status, analysis, texts, created_by, created_at, updated_at)
       VALUES ('d1', 'a', 'x.pdf', 'draft', '{}', '[]', 'x', 'now', 'now')`,
    ).run();
    expect(migrate(db, 6)).toBe(6);
    const insert = (id: string, draft: string, uuid: string, party: string, state = 'queued') =>
      db
        .prepare(
          `INSERT INTO outbox (id, draft_id, message_uuid, recipient_party_id, channel, state, entry, memo_xml, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'digital', ?, json_object('id', ?, 'messageUUID', ?, 'state', 'queued'), '<x/>', 'now', 'now')`,
        )
        .run(id, draft, uuid, party, state, id, uuid);
    insert('o1', 'd1', 'u1', 'p1');
    insert('o2', 'd1', 'u2', 'p2');
    expect(() => insert('o3', 'd1', 'u3', 'p1')).toThrow(/UNIQUE/);
    expect(() => insert('o4', 'd1', 'u1', 'p4')).toThrow(/UNIQUE/);
    expect(() => insert('o5', 'missing', 'u5', 'p1')).toThrow(/FOREIGN KEY/);
    expect(() => insert('o6', 'd1', 'u6', 'p6', 'sent')).toThrow(/CHECK/);
    expect(() => db.prepare("DELETE FROM outbox WHERE id = 'o1'").run()).toThrow(/never deleted/);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 2 });
  });

  it('0007 adds the postal address of physical sends, the worker lease and the draft facts sending needs', () => {
    migrate(db, 6);
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')",
    ).run();
    db.prepare(
      `INSERT INTO drafts (id, document_sha256, file_name, status, analysis, texts, created_by, created_at, updated_at)
       VALUES ('d1', 'a', 'x.pdf', 'draft', '{}', '[]', 'x', 'now', 'now')`,
    ).run();
    expect(migrate(db, 7)).toBe(7);
    // The existing draft keeps its row and gets the defaults: no password needed, nothing acknowledged, not sent.
    expect(
      db.prepare('SELECT password_required, acknowledged, submitted_at, discarded_at FROM drafts').get(),
    ).toEqual({ password_required: 0, acknowledged: null, submitted_at: null, discarded_at: null });
    expect(() => db.prepare('UPDATE drafts SET password_required = 2').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE drafts SET acknowledged = '{not json'").run()).toThrow(/CHECK/);
    const outbox = (address: string | null) =>
      db
        .prepare(
          `INSERT INTO outbox (id, draft_id, message_uuid, recipient_party_id, channel, state, entry, memo_xml, created_at, updated_at, postal_address)
           VALUES ('o1', 'd1', 'u1', 'p1', 'physical', 'queued', json_object('id', 'o1', 'messageUUID', 'u1', 'state', 'queued'), '<x/>', 'now', 'now', ?)`,
        )
        .run(address);
    expect(() => outbox('nope')).toThrow(/CHECK/);
    outbox('{"name":"A","street":"B 1","postalCode":"8000","city":"Aarhus C"}');
    const lease = (id: number) =>
      db
        .prepare(
          "INSERT INTO outbox_worker (id, owner, pid, host, acquired_at, heartbeat_at) VALUES (?, 'x', 1, 'h', 'now', 'now')",
        )
        .run(id);
    expect(() => lease(2)).toThrow(/CHECK/);
    lease(1);
    expect(() => lease(1)).toThrow(/UNIQUE|PRIMARY/);
  });

  it('0008 adds users with roles and their signing keys, one current key a user', () => {
    expect(migrate(db, 8)).toBe(8);
    const user = (id: string, username: string, role = 'caseworker') =>
      db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
           VALUES (?, ?, 'Navn', ?, 'scrypt$1$1$1$a$b', 'now', 'now')`,
        )
        .run(id, username, role);
    user('u1', 'anna');
    expect(() => user('u2', 'ANNA')).toThrow(/UNIQUE/);
    expect(() => user('u3', 'bo', 'root')).toThrow(/CHECK/);
    expect(db.prepare("SELECT failed_attempts, locked_until FROM users WHERE id = 'u1'").get()).toEqual({
      failed_attempts: 0,
      locked_until: null,
    });
    const key = (keyId: string, userId: string, sealed: string | null, validTo: string | null) =>
      db
        .prepare(
          `INSERT INTO user_keys (key_id, user_id, public_key, sealed_private, valid_from, valid_to)
           VALUES (?, ?, 'pk', ?, 'then', ?)`,
        )
        .run(keyId, userId, sealed, validTo);
    key('k1', 'u1', '{"v":1}', null);
    expect(() => key('k2', 'u1', '{"v":1}', null)).toThrow(/UNIQUE/);
    expect(() => key('k3', 'u1', '{"v":1}', 'now')).toThrow(/CHECK/);
    expect(() => key('k4', 'u1', 'not json', null)).toThrow(/CHECK/);
    expect(() => key('k5', 'nobody', null, 'now')).toThrow(/FOREIGN KEY/);
    key('k6', 'u1', null, 'now');
  });

  /** A document, its draft `d1` and a caseworker `u1`: what approval requests refer to. */
  const seedDraftAndUser = () => {
    db.prepare(
      "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('a', x'25', 1, 'now')",
    ).run();
    db.prepare(
      `INSERT INTO drafts (id, document_sha256, file_name, status, analysis, texts, created_by, created_at, updated_at)
         VALUES ('d1', 'a', 'x.pdf', 'draft', '{}', '[]', 'x', 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES ('u1', 'anna', 'Anna', 'caseworker', 'h', 'now', 'now')`,
    ).run();
  };

  it('0009 adds approval requests: one pending a draft, a decision exactly when decided', () => {
    expect(migrate(db, 9)).toBe(9);
    seedDraftAndUser();
    const request = (id: string, state: string, decision: string | null) =>
      db
        .prepare(
          `INSERT INTO approval_requests (id, draft_id, requester_id, state, request, request_hash, expires_at, decision, created_at, updated_at)
           VALUES (?, 'd1', 'u1', ?, '{}', 'h', 'later', ?, 'now', 'now')`,
        )
        .run(id, state, decision);
    request('r1', 'pending', null);
    expect(() => request('r2', 'pending', null)).toThrow(/UNIQUE/);
    expect(() => request('r3', 'approved', null)).toThrow(/CHECK/);
    expect(() => request('r4', 'expired', '{}')).toThrow(/CHECK/);
    expect(() => request('r5', 'maybe', null)).toThrow(/CHECK/);
    request('r6', 'rejected', '{}');
    request('r7', 'voided', '{}');
  });

  it('0010 adds rosters, other installations’ requests and refused files, keeping version-9 requests', () => {
    expect(migrate(db, 9)).toBe(9);
    seedDraftAndUser();
    db.prepare(
      `INSERT INTO approval_requests (id, draft_id, requester_id, state, request, request_hash, expires_at, created_at, updated_at)
       VALUES ('r1', 'd1', 'u1', 'pending', '{}', 'h', 'later', 'now', 'now')`,
    ).run();
    expect(migrate(db, 10)).toBe(10);
    // The old request is kept, not yet in any shared folder and without a signed review.
    expect(db.prepare('SELECT published_at, review_packet FROM approval_requests').get()).toEqual({
      published_at: null,
      review_packet: null,
    });
    expect(() => db.prepare("UPDATE approval_requests SET review_packet = 'x'").run()).toThrow(/CHECK/);
    const roster = (serial: number, signed: string) =>
      db
        .prepare(
          "INSERT INTO rosters (serial, issued_at, admin_key_id, signed, imported_at) VALUES (?, 'now', 'k', ?, 'now')",
        )
        .run(serial, signed);
    roster(1, '{}');
    expect(() => roster(1, '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => roster(0, '{}')).toThrow(/CHECK/);
    expect(() => roster(2, 'not json')).toThrow(/CHECK/);
    const remote = (id: string, draft: string, state: string, decision: string | null) =>
      db
        .prepare(
          `INSERT INTO remote_requests (id, draft_id, requester_id, state, request, request_hash, review, document, expires_at, decision, received_at, updated_at)
           VALUES (?, ?, 'u9', ?, '{}', 'h', '{}', x'25', 'later', ?, 'now', 'now')`,
        )
        .run(id, draft, state, decision);
    remote('x1', 'dx1', 'pending', null);
    // Asking again makes another request for the same draft; a request id is taken in once.
    remote('x2', 'dx1', 'pending', null);
    expect(() => remote('x2', 'dx2', 'pending', null)).toThrow(/UNIQUE|PRIMARY/);
    remote('x6', 'dx6', 'withdrawn', null);
    expect(() => remote('x3', 'dx3', 'approved', null)).toThrow(/CHECK/);
    expect(() => remote('x4', 'dx4', 'voided', null)).toThrow(/CHECK/);
    remote('x5', 'dx5', 'rejected', '{}');
    const refusal = () =>
      db
        .prepare(
          "INSERT INTO shared_folder_refusals (file, sha256, problem, at) VALUES ('f', 's', 'p', 'now')",
        )
        .run();
    refusal();
    expect(refusal).toThrow(/UNIQUE|PRIMARY/);
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
