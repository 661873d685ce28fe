import { useState, type ReactNode } from 'react';
import type { User } from '../../../../shared/domain/users';
import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { useNow } from '../../ui/use-now';
import { useSession } from '../auth/session-context';
import { formatTime } from '../send/format-time';
import { CreateUserForm } from './CreateUserForm';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { RosterSection } from './RosterSection';
import './users.css';

/**
 * An IT administrator's users (issue 8): everybody who can sign in on this installation, with their role and
 * whether they can sign in now; "Opret bruger"; and a new password for somebody who forgot theirs (which also lifts
 * a lockout); and the signed roster of users for approval across computers. Only admins see it; the backend
 * refuses the list, the changes and the roster to anybody else.
 */
export function UsersPage({ takeFocus }: { takeFocus: boolean }) {
  const m = useMessages();
  const t = m.users;
  return (
    <section className="page users-page" aria-labelledby="users-heading">
      <PageHeading id="users-heading" title={m.app.pageTitle(t.heading)} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <AdminsOnly>
        <Users />
      </AdminsOnly>
    </section>
  );
}

/** Anybody else who finds the address gets one plain sentence, and nothing is asked of the backend. */
function AdminsOnly({ children }: { children: ReactNode }) {
  const t = useMessages().users;
  if (useSession().user?.role !== 'admin') {
    return (
      <p className="notice notice--info" data-testid="admins-only">
        {t.adminsOnly}
      </p>
    );
  }
  return <>{children}</>;
}

const who = (user: User) => `${user.displayName} (${user.username})`;

function Users() {
  const m = useMessages();
  const t = m.users;
  const { state, retry } = useApiResult((api) => api.listUsers({}), 'users');
  const [resetting, setResetting] = useState<User | null>(null);
  const [resetDone, setResetDone] = useState<User | null>(null);
  // A new user, or a new key after a reset: the roster's candidates are asked again.
  const [changes, setChanges] = useState(0);
  // A lockout ends by itself: the status is read against the clock again each half minute.
  const now = useNow(30_000, true);

  const status = (user: User): string => {
    if (user.disabled) return t.status.disabled;
    if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now)
      return t.status.locked(formatTime(user.lockedUntil));
    return t.status.active;
  };

  const users = state.value?.users;
  return (
    <>
      <p className="page-intro">{t.intro}</p>
      <div role="status">
        {resetDone ? (
          <p className="notice notice--success" data-testid="password-reset">
            {t.resetDialog.done(who(resetDone))}
          </p>
        ) : null}
      </div>
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
      {users === undefined ? (
        state.status === 'failed' ? null : (
          <LoadingText text={t.loading} />
        )
      ) : (
        <>
          <p className="result-count">{t.count(users.length)}</p>
          <div className="table-frame">
            <table className="data-table users-table" aria-busy={state.status === 'loading'}>
              <caption className="visually-hidden">{t.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.name}</th>
                  <th scope="col">{t.columns.username}</th>
                  <th scope="col">{t.columns.role}</th>
                  <th scope="col">{t.columns.status}</th>
                  <th scope="col">{t.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-testid="user-row" data-username={u.username}>
                    <th scope="row">{u.displayName}</th>
                    <td className="users-table__username">{u.username}</td>
                    <td>{m.auth.roles[u.role]}</td>
                    <td data-testid="user-status">{status(u)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => {
                          setResetDone(null);
                          setResetting(u);
                        }}
                      >
                        {t.reset}
                        <span className="visually-hidden">{t.resetFor(u.displayName)}</span> …
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <CreateUserForm
        onCreated={() => {
          setResetDone(null);
          setChanges((n) => n + 1);
          retry();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onDone={(user) => {
          setResetting(null);
          setResetDone(user);
          setChanges((n) => n + 1);
          retry();
        }}
        onClose={() => setResetting(null)}
      />
      <RosterSection changes={changes} />
    </>
  );
}
