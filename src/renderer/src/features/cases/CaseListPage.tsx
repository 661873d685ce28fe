import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { useDebounced } from '../../ui/use-debounced';
import { CaseTable } from './CaseTable';
import './cases.css';

const SEARCH_DELAY_MS = 200;

interface Props {
  /** Kept by the app, so the search survives a visit to a case and back. */
  query: string;
  onQueryChange: (query: string) => void;
  takeFocus: boolean;
}

export function CaseListPage({ query, onQueryChange, takeFocus }: Props) {
  const t = useMessages();
  const wanted = query.trim();
  const settled = useDebounced(wanted, SEARCH_DELAY_MS);
  const { state, retry } = useApiResult((api) => api.listCases(settled ? { query: settled } : {}), settled);
  const cases = state.value?.cases;
  // Busy while typing is pending too, so nobody (nor a test) mistakes the previous answer for the new one.
  const busy = state.status === 'loading' || settled !== wanted;

  return (
    <section className="page" aria-labelledby="case-list-heading">
      <PageHeading id="case-list-heading" title={t.app.pageTitle(t.caseList.heading)} takeFocus={takeFocus}>
        {t.caseList.heading}
      </PageHeading>

      <div role="search" className="search">
        <label htmlFor="case-search" className="search__label">
          {t.caseList.searchLabel}
        </label>
        <input
          id="case-search"
          className="search__input"
          type="search"
          value={query}
          onChange={(e) => onQueryChange(e.target.value)}
          aria-describedby="case-search-hint"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
        />
        <p id="case-search-hint" className="hint">
          {t.caseList.searchHint}
        </p>
      </div>

      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}

      {cases === undefined ? (
        state.status === 'loading' ? (
          <LoadingText text={t.common.loading} />
        ) : null
      ) : (
        <>
          <p className="result-count" role="status">
            {t.caseList.resultCount(cases.length)}
          </p>
          {cases.length === 0 ? (
            <p className="empty">{settled ? t.caseList.noMatches : t.caseList.noCases}</p>
          ) : (
            <CaseTable cases={cases} busy={busy} />
          )}
        </>
      )}
    </section>
  );
}
