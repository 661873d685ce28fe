import type { User, UserRole } from '../../shared/domain/users';
import { AppError } from '../../shared/result';
import type { CurrentUser } from '../ports';
import type { SignedIn, SignInResult, UsersService } from './users.service';
import type { AuditService } from '../services/audit.service';

/**
 * Who is signed in to this backend (one window, one person at a time; docs/approval.md). The signing key the
 * password opened lives here, in memory, until sign-out or the idle lock; it is never stored or sent to the window.
 * As the `CurrentUser` port it names the signed-in person in every history entry. Its services are passed lazily:
 * the history names the session's user, and the users service writes to the history.
 */
export interface Session extends CurrentUser {
  current(): SignedIn | null;
  signIn(username: string, password: string): SignInResult;
  /** `idle`: the window locked itself after the idle time; the person signs in again to go on. */
  signOut(reason: 'user' | 'idle'): void;
  /** The signed-in user, or UNAUTHENTICATED. */
  require(): SignedIn;
  /** The signed-in user if their role is one of these; UNAUTHENTICATED or FORBIDDEN otherwise. */
  requireRole(...roles: UserRole[]): SignedIn;
}

/** Who the history names when nobody is signed in (a failed sign-in, start-up). */
export const NOBODY = 'ingen bruger logget ind';

export function createSession(deps: { users: () => UsersService; audit: () => AuditService }): Session {
  let current: SignedIn | null = null;
  const require = (): SignedIn => {
    if (!current) throw new AppError('UNAUTHENTICATED');
    // A user disabled or locked by an admin since sign-in is out at their next call.
    const fresh = deps.users().get(current.user.id);
    if (!fresh || fresh.disabled) {
      current = null;
      throw new AppError('UNAUTHENTICATED', 'user disabled since sign-in');
    }
    return current;
  };
  return {
    name: () => (current ? current.user.displayName : NOBODY),
    current: () => current,
    signIn(username, password) {
      const result = deps.users().signIn(username, password);
      if (result.ok) current = result.session;
      return result;
    },
    signOut(reason) {
      if (!current) return;
      deps.audit().append('user.signed_out', null, { userId: current.user.id, reason });
      current = null;
    },
    require,
    requireRole(...roles) {
      const session = require();
      if (!roles.includes(session.user.role)) throw new AppError('FORBIDDEN', `role ${session.user.role}`);
      return session;
    },
  };
}

export type { User };
