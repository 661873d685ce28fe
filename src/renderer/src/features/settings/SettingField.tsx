import type { ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { Badge } from '../../ui/Badge';
import { Fingerprint } from '../../ui/Fingerprint';
import { fieldId, type FieldName } from './settings-form';

interface Common {
  field: FieldName;
  label: string;
  hint?: string;
  optional?: boolean;
  /** Set by IT: shown read-only, marked "Låst af IT". */
  locked: boolean;
  /** Not this person's to change (the policy file is the admin's): shown read-only, with this reason. */
  adminOnly?: string;
  problems: readonly string[];
}

/** The ids a field's input is described by: its hint, the lock, its problems. */
function describedBy(
  field: FieldName,
  hint: boolean,
  locked: boolean,
  problems: number,
  adminOnly = false,
): string | undefined {
  const id = fieldId(field);
  const ids = [
    hint ? `${id}-hint` : '',
    locked ? `${id}-locked` : '',
    adminOnly ? `${id}-admin` : '',
    problems > 0 ? `${id}-error` : '',
  ];
  return ids.filter(Boolean).join(' ') || undefined;
}

/** The label with its lock mark, and below the control its hint, the lock's explanation and its problems. */
function Frame({
  field,
  label,
  hint,
  optional,
  locked,
  adminOnly,
  problems,
  children,
}: Common & { children: ReactNode }) {
  const t = useMessages().settings;
  const id = fieldId(field);
  return (
    <div className={`setting${problems.length > 0 ? ' setting--invalid' : ''}`} data-field={field}>
      <label htmlFor={id} className="field-label">
        {label} {optional ? <span className="muted setting__optional">{t.optional}</span> : null}{' '}
        {locked ? <Badge tone="protected">{t.lockedByIt}</Badge> : null}
        {adminOnly && !locked ? <Badge tone="protected">{t.adminOnly}</Badge> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {locked ? (
        <p id={`${id}-locked`} className="hint">
          {t.lockedHint}
        </p>
      ) : null}
      {adminOnly ? (
        <p id={`${id}-admin`} className="hint">
          {adminOnly}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <div id={`${id}-error`} className="field-error">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

interface TextProps extends Common {
  value: string;
  onChange: (value: string) => void;
  numeric?: boolean;
  maxLength?: number;
}

/** A text field; a locked one is read-only (still focusable and read out), never disabled. */
export function TextSetting(props: TextProps) {
  const { field, value, onChange, numeric, locked, adminOnly, problems, hint, maxLength } = props;
  return (
    <Frame {...props}>
      <input
        id={fieldId(field)}
        className={`text-input${numeric ? ' text-input--short' : ''}`}
        type="text"
        inputMode={numeric ? 'numeric' : undefined}
        value={value}
        readOnly={locked || Boolean(adminOnly)}
        maxLength={maxLength ?? 1024}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problems.length > 0}
        aria-describedby={describedBy(field, Boolean(hint), locked, problems.length, Boolean(adminOnly))}
        onChange={(e) => onChange(e.target.value)}
      />
    </Frame>
  );
}

interface SelectProps extends Common {
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}

export function SelectSetting(props: SelectProps) {
  const { field, value, options, onChange, locked, problems, hint } = props;
  return (
    <Frame {...props}>
      <select
        id={fieldId(field)}
        className="select"
        value={value}
        disabled={locked}
        aria-invalid={problems.length > 0}
        aria-describedby={describedBy(field, Boolean(hint), locked, problems.length)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

interface CheckProps extends Common {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckSetting({ field, label, checked, onChange, locked, problems, hint }: CheckProps) {
  const t = useMessages().settings;
  const id = fieldId(field);
  return (
    <div className="setting setting--check" data-field={field}>
      <div className="setting__check">
        <input
          id={id}
          type="checkbox"
          className="checkbox"
          checked={checked}
          disabled={locked}
          aria-describedby={describedBy(field, Boolean(hint), locked, problems.length)}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id}>
          {label} {locked ? <Badge tone="protected">{t.lockedByIt}</Badge> : null}
        </label>
      </div>
      {locked ? (
        <p id={`${id}-locked`} className="hint">
          {t.lockedHint}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <div id={`${id}-error`} className="field-error">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The admin key's fingerprint, read-only for everybody: only IT's machine file sets it (the backend refuses a saved
 * value), so the window shows it and never sends it.
 */
export function AdminKeySetting({ fingerprint }: { fingerprint: string | null }) {
  const f = useMessages().settings.fields;
  return (
    <div className="setting setting--fixed" data-testid="setting-adminKeyFingerprint">
      <p>
        <span className="field-label">{f.adminKey}:</span>{' '}
        {fingerprint ? <Fingerprint value={fingerprint} /> : <span>{f.adminKeyNotSet}</span>}
      </p>
      <p className="hint">{f.adminKeyHint}</p>
    </div>
  );
}
