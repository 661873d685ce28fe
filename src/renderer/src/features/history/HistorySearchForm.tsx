import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  EMPTY_FIELDS,
  kindGroups,
  toFilters,
  type AuditFilters,
  type FieldErrors,
  type SearchFields,
} from './search-form';
import { useHistoryMessages } from './use-history-messages';

interface Props {
  documentTypes: readonly { key: string; label: string }[];
  busy: boolean;
  onSearch: (filters: AuditFilters) => void;
}

type FieldName = keyof SearchFields;

/**
 * The search form. Every field has a label; a field that cannot be searched on says why in plain Danish beside it,
 * and focus goes to the first such field. Nothing is searched until the form is sent ("Søg" or Enter).
 */
export function HistorySearchForm({ documentTypes, busy, onSearch }: Props) {
  const t = useHistoryMessages();
  const S = t.search;
  const [fields, setFields] = useState<SearchFields>(EMPTY_FIELDS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const fromRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);

  const set = (name: FieldName) => (value: string) => setFields((f) => ({ ...f, [name]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = toFilters(fields, {
      from: fromRef.current?.validity.badInput === true,
      to: toRef.current?.validity.badInput === true,
    });
    if (!result.ok) {
      setErrors(result.errors);
      const first = (['cpr', 'recipient', 'from', 'to'] as const).find((k) => result.errors[k]);
      if (first) document.getElementById(`history-${first}`)?.focus();
      return;
    }
    setErrors({});
    onSearch(result.filters);
  };

  const reset = () => {
    setFields(EMPTY_FIELDS);
    setErrors({});
    onSearch({});
  };

  const errorText = (name: keyof FieldErrors) => {
    const code = errors[name];
    return code ? S.errors[code] : null;
  };

  const field = (
    name: FieldName,
    label: string,
    input: (describedBy: string | undefined) => ReactNode,
    hint?: string,
  ) => {
    const error = name in errors ? errorText(name as keyof FieldErrors) : null;
    const ids = [hint ? `history-${name}-hint` : null, error ? `history-${name}-error` : null].filter(
      Boolean,
    );
    return (
      <div className="history-form__field">
        <label htmlFor={`history-${name}`} className="field-label">
          {label}
        </label>
        {input(ids.length > 0 ? ids.join(' ') : undefined)}
        {hint ? (
          <p id={`history-${name}-hint`} className="hint">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`history-${name}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const text =
    (name: 'caseNumber' | 'cpr' | 'recipient', maxLength: number, extra: { inputMode?: 'numeric' } = {}) =>
    (describedBy: string | undefined) => (
      <input
        id={`history-${name}`}
        className="text-input"
        type="text"
        value={fields[name]}
        onChange={(e) => set(name)(e.target.value)}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={name in errors}
        aria-describedby={describedBy}
        {...extra}
      />
    );

  const date = (name: 'from' | 'to') => (describedBy: string | undefined) => (
    <input
      id={`history-${name}`}
      ref={name === 'from' ? fromRef : toRef}
      className="text-input"
      type="date"
      value={fields[name]}
      onChange={(e) => set(name)(e.target.value)}
      aria-invalid={name in errors}
      aria-describedby={describedBy}
    />
  );

  const errorCount = Object.keys(errors).length;
  return (
    <form
      className="history-form"
      role="search"
      aria-labelledby="history-form-legend"
      onSubmit={submit}
      noValidate
    >
      <h3 id="history-form-legend" className="history-form__legend">
        {S.legend}
      </h3>
      <div className="history-form__fields">
        {field('caseNumber', S.caseNumber, text('caseNumber', 64))}
        {field('cpr', S.cpr, text('cpr', 13, { inputMode: 'numeric' }), S.cprHint)}
        {field('recipient', S.recipient, text('recipient', 100), S.recipientHint)}
        {field('documentType', S.documentType, () => (
          <select
            id="history-documentType"
            className="select"
            value={fields.documentType}
            onChange={(e) => set('documentType')(e.target.value)}
          >
            <option value="">{S.anyType}</option>
            {documentTypes.map((dt) => (
              <option key={dt.key} value={dt.key}>
                {dt.label}
              </option>
            ))}
          </select>
        ))}
        {field('group', S.group, () => (
          <select
            id="history-group"
            className="select"
            value={fields.group}
            onChange={(e) => set('group')(e.target.value)}
          >
            <option value="">{t.groups.all}</option>
            {kindGroups.map((g) => (
              <option key={g} value={g}>
                {t.groups[g]}
              </option>
            ))}
          </select>
        ))}
        {field('from', S.from, date('from'))}
        {field('to', S.to, date('to'))}
      </div>
      {errorCount > 0 ? (
        <p className="field-error" role="alert">
          {S.errors.summary(errorCount)}
        </p>
      ) : null}
      <p className="hint">{S.loggedNote}</p>
      <div className="button-row">
        <button type="submit" className="button" aria-busy={busy}>
          {S.submit}
        </button>
        <button type="button" className="button button--secondary" onClick={reset}>
          {S.clear}
        </button>
      </div>
    </form>
  );
}
