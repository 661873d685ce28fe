import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { Section } from '../../routing';
import { ConnectionStatus } from '../outbox/ConnectionStatus';
import { MainNav } from './MainNav';

/**
 * Who is working and which version (the first thing support asks, and a check that the backend answers), and
 * whether sends can reach Digital Post.
 */
export function AppHeader({ section }: { section: Section }) {
  const t = useMessages();
  const { state, retry } = useApiResult((api) => api.getAppInfo({}), 'app-info');
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <h1 className="app-header__name">{t.app.name}</h1>
        <MainNav section={section} />
        <ConnectionStatus />
        {state.status === 'ready' ? (
          <dl className="app-header__info">
            <div>
              <dt>{t.app.userLabel}</dt>
              <dd data-testid="current-user">{state.value.user}</dd>
            </div>
            <div>
              <dt>{t.app.versionLabel}</dt>
              <dd data-testid="app-version">{state.value.appVersion}</dd>
            </div>
          </dl>
        ) : state.status === 'loading' ? (
          <p className="app-header__info muted">{t.app.infoLoading}</p>
        ) : null}
      </div>
      {state.status === 'failed' ? (
        <div className="app-header__error">
          <ErrorAlert error={state.error} onRetry={retry} />
        </div>
      ) : null}
    </header>
  );
}
