import { useEffect, useRef, useState } from 'react';
import type { Case } from '../../../../shared/domain/case-file';
import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useDebounced } from '../../ui/use-debounced';

const SEARCH_DELAY_MS = 200;
/** A short list to pick from; the search narrows it. */
const MAX_SHOWN = 6;

interface Props {
  caseNumber: string | null;
  caseFile: Case | undefined;
  onPick: (caseNumber: string | null) => void;
  disabled: boolean;
}

/**
 * The case the letter belongs to, found by case number, name or CPR number. Recipients come only from the chosen
 * case's parties, so the case is always picked by the caseworker: it is never taken from the document itself (a
 * letter with another case's number would otherwise choose the wrong case for itself).
 */
export function CasePicker({ caseNumber, caseFile, onPick, disabled }: Props) {
  const m = useMessages();
  const t = m.send.case;
  // After the caseworker picks or changes the case, focus follows to what replaced the button they used.
  const acted = useRef(false);
  const chosenRef = useRef<HTMLDivElement>(null);
  const pick = (n: string | null) => {
    acted.current = true;
    onPick(n);
  };
  useEffect(() => {
    if (acted.current && caseNumber !== null) chosenRef.current?.focus();
  }, [caseNumber]);

  if (caseNumber === null) return <CaseSearch onPick={pick} disabled={disabled} focus={acted.current} />;
  return (
    <div className="chosen-case" data-testid="chosen-case" ref={chosenRef} tabIndex={-1}>
      <p className="chosen-case__number case-number">{caseNumber}</p>
      {caseFile ? (
        <p className="chosen-case__title">
          {caseFile.title} <span className="muted">· {m.areas[caseFile.area]}</span>
        </p>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => pick(null)}
        disabled={disabled}
      >
        {t.change}
      </button>
    </div>
  );
}

interface SearchProps {
  onPick: (caseNumber: string) => void;
  disabled: boolean;
  /** Put the cursor in the search field (the caseworker asked to change the case). */
  focus: boolean;
}

function CaseSearch({ onPick, disabled, focus }: SearchProps) {
  const m = useMessages();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) field.current?.focus();
  }, [focus]);
  const t = m.send.case;
  const [query, setQuery] = useState('');
  const settled = useDebounced(query.trim(), SEARCH_DELAY_MS);
  const { state, retry } = useApiResult((api) => api.listCases(settled ? { query: settled } : {}), settled);
  const cases = state.value?.cases ?? [];
  const shown = cases.slice(0, MAX_SHOWN);
  const busy = state.status === 'loading' || settled !== query.trim();
  return (
    <div className="case-picker">
      <div role="search">
        <label htmlFor="case-picker-search" className="field-label">
          {t.searchLabel}
        </label>
        <input
          ref={field}
          id="case-picker-search"
          className="text-input"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-describedby="case-picker-hint"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          disabled={disabled}
        />
        <p id="case-picker-hint" className="hint">
          {t.searchHint}
        </p>
      </div>
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
      <p className="result-count" role="status">
        {state.value ? t.resultCount(shown.length, cases.length) : t.searching}
      </p>
      {shown.length > 0 ? (
        <ul className="case-options" aria-busy={busy} aria-label={t.resultsLabel}>
          {shown.map((c) => (
            <li key={c.caseNumber}>
              <button
                type="button"
                className="case-option"
                onClick={() => onPick(c.caseNumber)}
                disabled={disabled}
              >
                <span className="case-option__number case-number">{c.caseNumber}</span>
                <span className="case-option__title">{c.title}</span>
                <span className="case-option__subject muted">
                  {t.subject(c.subjectName, m.areas[c.area])}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
