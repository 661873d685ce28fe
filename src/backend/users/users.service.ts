import { randomUUID } from 'node:crypto';
import type { User, UserRole } from '../../shared/domain/users';
import { AppError } from '../../shared/result';
import { writeTransaction, type Db } from '../db/sqlite';
import type { Clock } from '../ports';
import type { AuditService } from '../services/audit.service';
import {
  generateSigningKey,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  openSigningKey,
  resealSigningKey,
  verifyPassword,
  type SealedKey,
} from './credentials';
import type { KeyObject } from 'node:crypto';

/** Wrong passwords in a row before the user is locked out, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  disabled_at: string | null;
}

interface KeyRow {
  key_id: string;
  user_id: string;
  public_key: string;
  sealed_private: string | null;
  valid_from: string;
  valid_to: string | null;
}

export interface PublicKeyRecord {
  keyId: string;
  publicKey: string;
  validFrom: string;
  validTo: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: UserRole;
  password: string;
}

/** A user who has just signed in, with the private key their password opened (kept in memory, never stored). */
export interface SignedIn {
  user: User;
  signingKey: KeyObject;
  keyId: string;
}

export type SignInResult =
  | { ok: true; session: SignedIn }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; until: string }
  | { ok: false; reason: 'disabled' };

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  lockedUntil: row.locked_until,
  disabled: row.disabled_at !== null,
});

/** A password that would be refused anyway is refused before any hashing. */
function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', 'password length');
  }
}

/** Compared against for an unknown username, so a wrong name costs as long as a wrong password. */
let decoyHash: string | null = null;

/**
 * The users of this installation (docs/approval.md): first-run set-up of the admin, users created by the admin,
 * sign-in with a lockout after repeated failures, and password changes and resets with their signing keys. Every
 * change and every failed or locked sign-in goes into the history; a password never does.
 */
export function createUsersService(deps: { db: Db; audit: AuditService; clock: Clock }) {
  const { db, audit, clock } = deps;
  const byName = db.prepare('SELECT * FROM users WHERE username = ? COLLATE NOCASE');
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const currentKey = db.prepare('SELECT * FROM user_keys WHERE user_id = ? AND valid_to IS NULL');
  const allKeys = db.prepare('SELECT * FROM user_keys WHERE user_id = ? ORDER BY valid_from');
  const count = db.prepare('SELECT count(*) AS n FROM users');
  const insertUser = db.prepare(
    `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
     VALUES (@id, @username, @displayName, @role, @hash, @now, @now)`,
  );
  const insertKey = db.prepare(
    `INSERT INTO user_keys (key_id, user_id, public_key, sealed_private, valid_from, valid_to)
     VALUES (?, ?, ?, ?, ?, NULL)`,
  );

  const now = () => clock.now().toISOString();

  const insert = (input: NewUser, at: string): User => {
    checkPassword(input.password);
    if (byName.get(input.username)) throw new AppError('VALIDATION_FAILED', 'username taken');
    const id = randomUUID();
    const key = generateSigningKey(input.password);
    insertUser.run({
      id,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      hash: hashPassword(input.password),
      now: at,
    });
    insertKey.run(key.keyId, id, key.publicKey, JSON.stringify(key.sealed), at);
    return toUser(byId.get(id) as UserRow);
  };

  const requireAdmin = (actorId: string): User => {
    const actor = byId.get(actorId) as UserRow | undefined;
    if (!actor || actor.role !== 'admin' || actor.disabled_at !== null) throw new AppError('FORBIDDEN');
    return toUser(actor);
  };

  return {
    hasUsers(): boolean {
      return (count.get() as { n: number }).n > 0;
    },

    /** First run: the first user, always an admin. Refused once any user exists. */
    setUpAdmin: writeTransaction(db, (input: Omit<NewUser, 'role'>): User => {
      if ((count.get() as { n: number }).n > 0) throw new AppError('FORBIDDEN', 'already set up');
      const user = insert({ ...input, role: 'admin' }, now());
      audit.append('user.created', null, {
        userId: user.id,
        username: user.username,
        role: 'admin',
        firstRun: true,
      });
      return user;
    }),

    create: writeTransaction(db, (actorId: string, input: NewUser): User => {
      const admin = requireAdmin(actorId);
      const user = insert(input, now());
      audit.append('user.created', null, {
        userId: user.id,
        username: user.username,
        role: user.role,
        by: admin.username,
      });
      return user;
    }),

    /** Every user; a lockout that has run out reads as none (the row keeps it until the next sign-in). */
    list(): User[] {
      const now = clock.now().toISOString();
      return (db.prepare('SELECT * FROM users ORDER BY username COLLATE NOCASE').all() as UserRow[])
        .map(toUser)
        .map((u) => (u.lockedUntil !== null && u.lockedUntil <= now ? { ...u, lockedUntil: null } : u));
    },

    byUsername(username: string): User | null {
      const row = byName.get(username) as UserRow | undefined;
      return row ? toUser(row) : null;
    },

    get(id: string): User | null {
      const row = byId.get(id) as UserRow | undefined;
      return row ? toUser(row) : null;
    },

    /** Every key the user has had, oldest first: old signatures verify against the key valid when they were made. */
    publicKeys(userId: string): PublicKeyRecord[] {
      return (allKeys.all(userId) as KeyRow[]).map((k) => ({
        keyId: k.key_id,
        publicKey: k.public_key,
        validFrom: k.valid_from,
        validTo: k.valid_to,
      }));
    },

    /**
     * Checks the password. A locked user is refused without looking at the password; the fifth wrong password in a
     * row locks the user for 15 minutes. An unknown name takes as long as a wrong password and answers the same.
     */
    signIn: writeTransaction(db, (username: string, password: string): SignInResult => {
      const at = clock.now();
      const row = byName.get(username.trim()) as UserRow | undefined;
      if (!row) {
        decoyHash ??= hashPassword('decoy password that nobody has');
        verifyPassword(password, decoyHash);
        audit.append('user.sign_in_failed', null, { reason: 'unknown_user' });
        return { ok: false, reason: 'wrong' };
      }
      if (row.disabled_at !== null) {
        audit.append('user.sign_in_failed', null, { userId: row.id, reason: 'disabled' });
        return { ok: false, reason: 'disabled' };
      }
      if (row.locked_until !== null && row.locked_until > at.toISOString()) {
        audit.append('user.sign_in_failed', null, { userId: row.id, reason: 'locked' });
        return { ok: false, reason: 'locked', until: row.locked_until };
      }
      if (!verifyPassword(password, row.password_hash)) {
        const failed = row.failed_attempts + 1;
        const lock = failed >= MAX_FAILED_SIGN_INS;
        const until = lock ? new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
        db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?').run(
          lock ? 0 : failed,
          until,
          at.toISOString(),
          row.id,
        );
        audit.append(lock ? 'user.locked_out' : 'user.sign_in_failed', null, {
          userId: row.id,
          reason: 'wrong_password',
          ...(until ? { until } : {}),
        });
        return lock ? { ok: false, reason: 'locked', until: until! } : { ok: false, reason: 'wrong' };
      }
      const key = currentKey.get(row.id) as KeyRow | undefined;
      const signingKey = key?.sealed_private
        ? openSigningKey(JSON.parse(key.sealed_private) as SealedKey, password)
        : null;
      // The password opened the hash but not the key: the store was altered. Nobody signs with it.
      if (!key || !signingKey) throw new AppError('INTERNAL', 'signing key does not open');
      db.prepare(
        'UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
      ).run(at.toISOString(), row.id);
      audit.append('user.signed_in', null, { userId: row.id });
      const user = toUser({ ...row, failed_attempts: 0, locked_until: null });
      return { ok: true, session: { user, signingKey, keyId: key.key_id } };
    }),

    /** The owner changes their password: the old one is needed, and the same key pair is sealed under the new one. */
    changePassword: writeTransaction(db, (userId: string, oldPassword: string, newPassword: string): void => {
      checkPassword(newPassword);
      const row = byId.get(userId) as UserRow | undefined;
      if (!row || !verifyPassword(oldPassword, row.password_hash))
        throw new AppError('FORBIDDEN', 'old password');
      const key = currentKey.get(userId) as KeyRow | undefined;
      const resealed = key?.sealed_private
        ? resealSigningKey(JSON.parse(key.sealed_private) as SealedKey, oldPassword, newPassword)
        : null;
      if (!key || !resealed) throw new AppError('INTERNAL', 'signing key does not open');
      const at = now();
      db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(
        hashPassword(newPassword),
        at,
        userId,
      );
      db.prepare('UPDATE user_keys SET sealed_private = ? WHERE key_id = ?').run(
        JSON.stringify(resealed),
        key.key_id,
      );
      audit.append('user.password_changed', null, { userId });
    }),

    /**
     * An admin sets a new password for a user who forgot theirs. Nobody can open the old private key any more, so
     * the user gets a new key pair; the old public key stays, retired, so their earlier signatures still verify.
     * The lockout is lifted.
     */
    resetPassword: writeTransaction(
      db,
      (actorId: string, userId: string, newPassword: string): PublicKeyRecord => {
        const admin = requireAdmin(actorId);
        checkPassword(newPassword);
        const row = byId.get(userId) as UserRow | undefined;
        if (!row) throw new AppError('NOT_FOUND');
        const at = now();
        db.prepare(
          'UPDATE user_keys SET valid_to = ?, sealed_private = NULL WHERE user_id = ? AND valid_to IS NULL',
        ).run(at, userId);
        const key = generateSigningKey(newPassword);
        insertKey.run(key.keyId, userId, key.publicKey, JSON.stringify(key.sealed), at);
        db.prepare(
          'UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
        ).run(hashPassword(newPassword), at, userId);
        audit.append('user.password_reset', null, { userId, by: admin.username, keyId: key.keyId });
        return { keyId: key.keyId, publicKey: key.publicKey, validFrom: at, validTo: null };
      },
    ),
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
