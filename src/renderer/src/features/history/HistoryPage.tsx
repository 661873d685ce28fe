import { useCallback, useEffect, useRef, useState } from 'react';
import { useDocumentTypes } from '../../use-document-types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import type { HistoryEntry } from './entry-read';
import { EntryDetailsDialog } from './EntryDetailsDialog';
import { HistorySearchForm } from './HistorySearchForm';
import { detailsButtonId, HistoryTable } from './HistoryTable';
import type { AuditFilters } from './search-form';
import { useEntryContext } from './use-entry-context';
import { useHistoryMessages } from './use-history-messages';
import { useHistorySearch } from './use-history-search';
import { VerifyHistory } from './VerifyHistory';
import './history.css';

interface Props {
  /** Move focus to the heading when the screen opens after a navigation. */
  takeFocus: boolean;
}

const NO_FILTERS: AuditFilters = {};

/**
 * The history: search by case, CPR number, recipient, type, kind and date; the entries newest first, more on
 * request; each entry's details in a dialog; and the check that the hash chain is whole.
 */
export function HistoryPage({ takeFocus }: Props) {
  const t = useHistoryMessages();
  const R = t.results;
  const { results, search, loadMore, retry } = useHistorySearch(NO_FILTERS);
  const { types } = useDocumentTypes();
  const typeLabel = useCallback((key: string) => types?.find((ty) => ty.key === key)?.label ?? key, [types]);
  const ctx = useEntryContext(results.names, typeLabel);
  const [open, setOpen] = useState<HistoryEntry | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);

  // After "Vis flere": focus on the first entry fetched, so a keyboard user carries on where the list grew.
  useEffect(() => {
    if (focusSeq !== null) document.getElementById(detailsButtonId(focusSeq))?.focus();
  }, [focusSeq]);

  const showDetails = (entry: HistoryEntry, from: HTMLElement) => {
    opener.current = from;
    setOpen(entry);
  };
  const closeDetails = () => {
    setOpen(null);
    opener.current?.focus();
  };
  const more = async () => setFocusSeq(await loadMore());

  const loading = results.status === 'loading';
  const shown = results.entries;
  return (
    <section className="page history-page" aria-labelledby="history-heading">
      <PageHeading id="history-heading" title={t.pageTitle} takeFocus={takeFocus}>
        {t.heading}
      </PageHeading>
      <p className="history-page__intro">{t.intro}</p>

      <div className="history-page__tools">
        <HistorySearchForm
          documentTypes={types ?? []}
          busy={loading}
          onSearch={(filters) => search(filters)}
        />
        <VerifyHistory onShowRow={(seq) => search({}, seq + 1)} />
      </div>

      {results.status === 'failed' && results.error ? (
        <ErrorAlert error={results.error} onRetry={retry} />
      ) : null}
      {loading && shown.length === 0 ? <LoadingText text={R.loading} /> : null}

      <p className="result-count" role="status" data-testid="history-count">
        {loading ? R.loading : results.status === 'ready' ? R.count(shown.length, results.more) : ''}
      </p>
      {results.status === 'ready' && shown.length === 0 ? <p className="empty">{R.noneHint}</p> : null}
      {shown.length > 0 ? (
        <HistoryTable entries={shown} ctx={ctx} busy={loading} onDetails={showDetails} />
      ) : null}

      {results.status === 'ready' && results.error ? (
        <ErrorAlert error={results.error} onRetry={() => void more()} />
      ) : null}
      {results.status === 'ready' && results.more ? (
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void more()}
            disabled={results.loadingMore}
          >
            {results.loadingMore ? R.loadingMore : R.more}
          </button>
        </div>
      ) : null}

      <EntryDetailsDialog entry={open} ctx={ctx} onClose={closeDetails} />
    </section>
  );
}
