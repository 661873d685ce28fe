import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/backend/db/store';
import { createAuditService, type AuditService } from '../../../src/backend/services/audit.service';
import { signCanonical, verifyCanonical } from '../../../src/backend/users/credentials';
import {
  createUsersService,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  type UsersService,
} from '../../../src/backend/users/users.service';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../../support/fakes';
import { tempDir } from '../../support/temp-dir';

const ADMIN_PW = 'admin-kodeord-1';
const SUPERVISOR_PW = 'leder-kodeord-22';

describe('users', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let audit: AuditService;
  let clock: FakeClock;
  let users: UsersService;

  beforeEach(() => {
    dir = tempDir();
    store = openStore({ dataDir: dir.path, keyStore: new FakeKeyStore(), logger: new MemoryLogger() });
    clock = new FakeClock();
    audit = createAuditService(store.db, clock, fakeUser('System'), () => undefined);
    users = createUsersService({ db: store.db, audit, clock });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const kinds = () =>
    audit
      .list({ limit: 100 })
      .map((e) => e.kind)
      .reverse();

  it('first run creates the admin once; only an admin creates users', () => {
    expect(users.hasUsers()).toBe(false);
    const admin = users.setUpAdmin({ username: 'it-admin', displayName: 'IT Admin', password: ADMIN_PW });
    expect(admin.role).toBe('admin');
    expect(users.hasUsers()).toBe(true);
    expect(() => users.setUpAdmin({ username: 'other', displayName: 'X', password: ADMIN_PW })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    const boss = users.create(admin.id, {
      username: 'leder',
      displayName: 'Lone Leder',
      role: 'supervisor',
      password: SUPERVISOR_PW,
    });
    const worker = users.create(admin.id, {
      username: 'sagsbehandler',
      displayName: 'Sara Sag',
      role: 'caseworker',
      password: 'sagsbehandler-1',
    });
    // A supervisor or caseworker cannot create users; nor can a name be taken twice, whatever its case; a short
    // password is refused before anything is stored.
    const refusal = (actorId: string, username: string, password = 'langt-nok-kodeord') => {
      try {
        users.create(actorId, { username, displayName: 'X', role: 'caseworker', password });
        return 'created';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(refusal(boss.id, 'x1')).toBe('FORBIDDEN');
    expect(refusal(worker.id, 'x2')).toBe('FORBIDDEN');
    expect(refusal(admin.id, 'LEDER')).toBe('VALIDATION_FAILED');
    expect(refusal(admin.id, 'kort', 'kort')).toBe('VALIDATION_FAILED');
    expect(kinds()).toEqual(['user.created', 'user.created', 'user.created']);
    // No password or hash in the history.
    expect(JSON.stringify(audit.list({ limit: 100 }))).not.toMatch(/kodeord|scrypt/);
  });

  it('signs in with the right password and opens the signing key; five wrong ones lock for 15 minutes', () => {
    const admin = users.setUpAdmin({ username: 'it-admin', displayName: 'IT Admin', password: ADMIN_PW });
    const boss = users.create(admin.id, {
      username: 'leder',
      displayName: 'Lone Leder',
      role: 'supervisor',
      password: SUPERVISOR_PW,
    });
    const ok = users.signIn('LEDER', SUPERVISOR_PW);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.session.user).toMatchObject({ id: boss.id, role: 'supervisor' });
    const [key] = users.publicKeys(boss.id);
    expect(ok.session.keyId).toBe(key!.keyId);
    const signature = signCanonical(ok.session.signingKey, { approve: 'x' });
    expect(verifyCanonical(key!.publicKey, { approve: 'x' }, signature)).toBe(true);

    expect(users.signIn('ukendt', SUPERVISOR_PW)).toEqual({ ok: false, reason: 'wrong' });
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      expect(users.signIn('leder', `forkert-${i}`)).toEqual({ ok: false, reason: 'wrong' });
    }
    const locked = users.signIn('leder', 'forkert-sidste');
    const until = new Date(clock.now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    expect(locked).toEqual({ ok: false, reason: 'locked', until });
    // While locked even the right password is refused, without being tried.
    expect(users.signIn('leder', SUPERVISOR_PW)).toEqual({ ok: false, reason: 'locked', until });
    expect(users.list().find((u) => u.username === 'leder')?.lockedUntil).toBe(until);
    clock.advance(LOCKOUT_MINUTES * 60_000 + 1);
    // A lockout that has run out is listed as none.
    expect(users.list().find((u) => u.username === 'leder')?.lockedUntil).toBeNull();
    expect(users.signIn('leder', SUPERVISOR_PW).ok).toBe(true);
    expect(kinds()).toContain('user.locked_out');
    expect(kinds().filter((k) => k === 'user.signed_in')).toHaveLength(2);
  });

  it('a password change keeps the key pair; a reset makes a new one and keeps the old public key', () => {
    const admin = users.setUpAdmin({ username: 'it-admin', displayName: 'IT Admin', password: ADMIN_PW });
    const boss = users.create(admin.id, {
      username: 'leder',
      displayName: 'Lone Leder',
      role: 'supervisor',
      password: SUPERVISOR_PW,
    });
    const before = users.signIn('leder', SUPERVISOR_PW);
    if (!before.ok) throw new Error('sign-in failed');
    const oldSignature = signCanonical(before.session.signingKey, { n: 1 });

    expect(() => users.changePassword(boss.id, 'forkert-gammelt', 'nyt-kodeord-33')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    users.changePassword(boss.id, SUPERVISOR_PW, 'nyt-kodeord-33');
    expect(users.signIn('leder', SUPERVISOR_PW)).toEqual({ ok: false, reason: 'wrong' });
    const changed = users.signIn('leder', 'nyt-kodeord-33');
    expect(changed.ok && changed.session.keyId).toBe(before.session.keyId);

    expect(() => users.resetPassword(boss.id, boss.id, 'nulstillet-44')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    clock.advance(60_000);
    const fresh = users.resetPassword(admin.id, boss.id, 'nulstillet-44');
    const keys = users.publicKeys(boss.id);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatchObject({ keyId: before.session.keyId, validTo: fresh.validFrom });
    expect(keys[1]).toMatchObject({ keyId: fresh.keyId, validTo: null });
    expect(verifyCanonical(keys[0]!.publicKey, { n: 1 }, oldSignature)).toBe(true);
    const after = users.signIn('leder', 'nulstillet-44');
    expect(after.ok && after.session.keyId).toBe(fresh.keyId);
    // The retired key's private half is gone from the store.
    const retired = store.db
      .prepare('SELECT sealed_private FROM user_keys WHERE key_id = ?')
      .get(before.session.keyId) as { sealed_private: string | null };
    expect(retired.sealed_private).toBeNull();
  });
});
