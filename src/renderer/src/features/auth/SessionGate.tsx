import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { User } from '../../../../shared/domain/users';
import type { AppErrorData } from '../../../../shared/result';
import { callApi, onUnauthenticated } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { AuthFrame } from './AuthFrame';
import { FirstRunPage } from './FirstRunPage';
import type { Notice } from './notice';
import { SessionContext, type SessionInfo } from './session-context';
import { SignInPage } from './SignInPage';
import { useIdleLock } from './use-idle-lock';

type Gate =
  | { kind: 'loading' }
  | { kind: 'failed'; error: AppErrorData }
  | { kind: 'fixed' }
  | { kind: 'setUp' }
  | { kind: 'signIn'; demoUsers: boolean; notice: Notice | null }
  | { kind: 'signedIn'; user: User; idleLockMinutes: number };

type Session = OutputOf<'getSession'>;

function gateOf(session: Session, notice: Notice | null): Gate {
  if (session.mode === 'fixed') return { kind: 'fixed' };
  if (session.user) return { kind: 'signedIn', user: session.user, idleLockMinutes: session.idleLockMinutes };
  if (!session.setUp) return { kind: 'setUp' };
  return { kind: 'signIn', demoUsers: session.demoUsers, notice };
}

/**
 * Nothing of the app shows until the backend knows who works at the window (docs/window.md, "Signing in"): the
 * first run creates the admin, otherwise somebody signs in. The gate also locks the window after the idle time and
 * returns to the sign-in screen whenever a call answers UNAUTHENTICATED. In the fixed mode (one identity given at
 * start) the app opens at once.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const t = useMessages();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const current = useRef(gate);
  useEffect(() => {
    current.current = gate;
  }, [gate]);
  /** Whether the store has the demo users, from the last session answer: the sign-in screen after a lock names them. */
  const demoUsers = useRef(false);
  const asking = useRef(false);
  const locking = useRef(false);

  const ask = useCallback(async (notice: Notice | null): Promise<Session | null> => {
    const result = await callApi((api) => api.getSession({}));
    if (!result.ok) {
      setGate({ kind: 'failed', error: result.error });
      return null;
    }
    demoUsers.current = result.value.demoUsers;
    setGate(gateOf(result.value, notice));
    return result.value;
  }, []);

  useEffect(() => {
    void ask(null);
  }, [ask]);

  // The session ended elsewhere (a restart of the backend, a user disabled): back to the sign-in screen, once, and
  // only if the backend agrees nobody is signed in (a late answer to a call from before a sign-in is no reason).
  useEffect(
    () =>
      onUnauthenticated(() => {
        if (current.current.kind !== 'signedIn' || asking.current) return;
        asking.current = true;
        void callApi((api) => api.getSession({})).then((result) => {
          asking.current = false;
          const now = current.current;
          if (now.kind !== 'signedIn') return;
          if (!result.ok) return setGate({ kind: 'failed', error: result.error });
          if (result.value.user?.id === now.user.id) return;
          demoUsers.current = result.value.demoUsers;
          setGate(gateOf(result.value, { kind: 'ended' }));
        });
      }),
    [],
  );

  // The idle lock. The window locks even if the backend could not be told: what is on screen must go.
  const lock = useCallback(() => {
    const now = current.current;
    if (now.kind !== 'signedIn' || locking.current) return;
    locking.current = true;
    void callApi((api) => api.signOut({ reason: 'idle' })).then(() => {
      locking.current = false;
      setGate({
        kind: 'signIn',
        demoUsers: demoUsers.current,
        notice: { kind: 'idle', minutes: now.idleLockMinutes },
      });
    });
  }, []);
  useIdleLock(gate.kind === 'signedIn' ? gate.idleLockMinutes : null, lock);

  const signOut = useCallback(async (): Promise<AppErrorData | null> => {
    const result = await callApi((api) => api.signOut({ reason: 'user' }));
    if (!result.ok) return result.error;
    setGate({ kind: 'signIn', demoUsers: demoUsers.current, notice: { kind: 'signedOut' } });
    return null;
  }, []);

  const user = gate.kind === 'signedIn' ? gate.user : null;
  const session = useMemo<SessionInfo>(() => ({ user, signOut }), [user, signOut]);
  const signedIn = useCallback(() => void ask(null), [ask]);

  switch (gate.kind) {
    case 'loading':
      return (
        <AuthFrame title={null}>
          <LoadingText text={t.auth.loading} />
        </AuthFrame>
      );
    case 'failed':
      return (
        <AuthFrame title={null}>
          <div className="auth-card">
            <ErrorAlert error={gate.error} onRetry={() => void ask(null)} />
          </div>
        </AuthFrame>
      );
    case 'setUp':
      return <FirstRunPage onDone={signedIn} onAlreadySetUp={() => void ask({ kind: 'alreadySetUp' })} />;
    case 'signIn':
      return <SignInPage demoUsers={gate.demoUsers} notice={gate.notice} onSignedIn={signedIn} />;
    case 'fixed':
    case 'signedIn':
      // A new person gets a fresh app: nothing of the last one's screens stays in memory.
      return (
        <SessionContext.Provider value={session}>
          <Fragment key={user?.id ?? 'fixed'}>{children}</Fragment>
        </SessionContext.Provider>
      );
  }
}
