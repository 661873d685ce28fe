import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { Section } from '../../routing';
import { useSession } from '../auth/session-context';
import { ConnectionStatus } from '../outbox/ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { MainNav } from './MainNav';

/**
 * Who is working, in which role, and which version (the first thing support asks, and a check that the backend
 * answers), whether sends can reach Digital Post, and "Log ud". In the fixed mode (one identity given at start)
 * the name comes from getAppInfo and there is nobody to sign out.
 */
export function AppHeader({ section }: { section: Section }) {
  const t = useMessages();
  const { state, retry } = useApiResult((api) => api.getAppInfo({}), 'app-info');
  const { user, signOut } = useSession();
  const [signOutError, setSignOutError] = useState<AppErrorData | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const onSignOut = async () => {
    if (signingOut) return;
    setSigningOut(true);
    const error = await signOut();
    // On success the gate has already replaced the app with the sign-in screen.
    if (error) {
      setSigningOut(false);
      setSignOutError(error);
    }
  };

  const name = user ? user.displayName : state.status === 'ready' ? state.value.user : null;
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <h1 className="app-header__name">{t.app.name}</h1>
        <MainNav section={section} />
        <ConnectionStatus />
        <div className="app-header__session">
          {state.status === 'ready' || user ? (
            <dl className="app-header__info">
              <div>
                <dt>{t.app.userLabel}</dt>
                <dd data-testid="current-user">{name}</dd>
              </div>
              {user ? (
                <div>
                  <dt>{t.auth.roleLabel}</dt>
                  <dd data-testid="current-role">{t.auth.roles[user.role]}</dd>
                </div>
              ) : null}
              {state.status === 'ready' ? (
                <div>
                  <dt>{t.app.versionLabel}</dt>
                  <dd data-testid="app-version">{state.value.appVersion}</dd>
                </div>
              ) : null}
            </dl>
          ) : state.status === 'loading' ? (
            <p className="app-header__info muted">{t.app.infoLoading}</p>
          ) : null}
          {user ? (
            <button
              type="button"
              className="header-button"
              data-testid="sign-out"
              onClick={() => void onSignOut()}
            >
              {t.auth.signOut}
            </button>
          ) : null}
        </div>
        <LanguageSwitch />
      </div>
      {state.status === 'failed' || signOutError ? (
        <div className="app-header__error">
          {signOutError ? <ErrorAlert error={signOutError} /> : null}
          {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
        </div>
      ) : null}
    </header>
  );
}
