import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import type { HistoryEntry } from './entry-read';
import type { AuditFilters } from './search-form';

/** Entries per request: one screenful and a bit; "Vis flere" fetches the next. */
export const PAGE_SIZE = 50;

type Party = { caseNumber: string; partyId: string; name: string };

export interface HistoryResults {
  status: 'loading' | 'ready' | 'failed';
  entries: HistoryEntry[];
  /** Party names by `caseNumber` and `partyId`, from every page so far. */
  names: ReadonlyMap<string, string>;
  /** The last page was full: older entries may follow. */
  more: boolean;
  loadingMore: boolean;
  error: AppErrorData | null;
}

export const nameKey = (caseNumber: string, partyId: string) => `${caseNumber}\u0000${partyId}`;

const EMPTY: HistoryResults = {
  status: 'loading',
  entries: [],
  names: new Map(),
  more: false,
  loadingMore: false,
  error: null,
};

function withNames(names: ReadonlyMap<string, string>, parties: readonly Party[]): Map<string, string> {
  const next = new Map(names);
  for (const p of parties) next.set(nameKey(p.caseNumber, p.partyId), p.name);
  return next;
}

/**
 * Runs a search and pages through it. A newer search makes the answer to an older one (or to its "Vis flere")
 * arrive to nobody, so results never mix two searches.
 */
export function useHistorySearch(initial: AuditFilters) {
  const [results, setResults] = useState<HistoryResults>(EMPTY);
  const current = useRef<{ id: number; filters: AuditFilters; beforeSeq?: number }>({
    id: 0,
    filters: initial,
  });

  const search = useCallback((filters: AuditFilters, beforeSeq?: number) => {
    const id = current.current.id + 1;
    current.current = { id, filters, ...(beforeSeq !== undefined ? { beforeSeq } : {}) };
    setResults((prev) => ({ ...prev, status: 'loading', loadingMore: false, error: null }));
    void callApi((api) =>
      api.listAudit({ ...filters, limit: PAGE_SIZE, ...(beforeSeq !== undefined ? { beforeSeq } : {}) }),
    ).then((r) => {
      if (current.current.id !== id) return;
      setResults(
        r.ok
          ? {
              status: 'ready',
              entries: r.value.entries,
              names: withNames(new Map(), r.value.parties),
              more: r.value.entries.length === PAGE_SIZE,
              loadingMore: false,
              error: null,
            }
          : { ...EMPTY, status: 'failed', error: r.error },
      );
    });
  }, []);

  /** The next page of the same search; resolves with the first new entry's seq (for focus), or null. */
  const loadMore = useCallback(async (): Promise<number | null> => {
    const last = results.entries[results.entries.length - 1];
    if (!last || results.loadingMore) return null;
    const { id, filters } = current.current;
    setResults((prev) => ({ ...prev, loadingMore: true, error: null }));
    const r = await callApi((api) => api.listAudit({ ...filters, limit: PAGE_SIZE, beforeSeq: last.seq }));
    if (current.current.id !== id) return null;
    if (!r.ok) {
      setResults((prev) => ({ ...prev, loadingMore: false, error: r.error }));
      return null;
    }
    setResults((prev) => ({
      ...prev,
      entries: [...prev.entries, ...r.value.entries],
      names: withNames(prev.names, r.value.parties),
      more: r.value.entries.length === PAGE_SIZE,
      loadingMore: false,
    }));
    return r.value.entries[0]?.seq ?? null;
  }, [results.entries, results.loadingMore]);

  const retry = useCallback(() => {
    const { filters, beforeSeq } = current.current;
    search(filters, beforeSeq);
  }, [search]);

  // The first search: the newest entries, unfiltered.
  // Once, on opening; later searches come from the form.
  useEffect(() => search(initial), []);

  return { results, search, loadMore, retry };
}
