import type { DocumentTypeGuess } from '../../../../shared/domain/analysis';
import { useMessages } from '../../i18n';
import { useDocumentTypes } from '../../use-document-types';
import type { CheckValue } from './use-draft-check';

interface Props {
  guess: DocumentTypeGuess | null;
  /** What the last check used: the chosen type, or the recognised one. */
  checked: CheckValue['documentType'] | undefined;
  chosen: string | undefined;
  onChoose: (key: string | undefined) => void;
  disabled: boolean;
  /**
   * A draft opened again from the drafts list: its recognition (with the evidence) is not sent to the window, so
   * the check's answer says what the type was recognised as.
   */
  resumed?: boolean;
}

/**
 * The recognised type with the words that gave it away, and a select to change it. The type decides who may
 * receive the letter, so a wrong guess must be easy to see and to correct.
 */
export function DocumentTypeField({ guess, checked, chosen, onChoose, disabled, resumed = false }: Props) {
  const m = useMessages();
  const t = m.send.type;
  const { types } = useDocumentTypes();
  const current = chosen ?? checked?.key ?? guess?.key ?? '';
  // The policy pack's types in its order (policy:documentTypes); a type the pack does not know (a draft made under
  // an earlier pack) is still offered when the recognition or the check names it.
  const keys = (types ?? []).map((type) => type.key);
  for (const k of [guess?.key, ...(guess?.alternatives.map((a) => a.key) ?? []), checked?.key, chosen]) {
    if (k && !keys.includes(k)) keys.push(k);
  }
  const label = (key: string) =>
    types?.find((type) => type.key === key)?.label ??
    (key === checked?.key ? checked.label : key === guess?.key ? guess.label : key);
  const recognised =
    guess && !guess.uncertain
      ? { label: guess.label, confidence: guess.confidence }
      : resumed && checked && !checked.chosen
        ? { label: checked.label, confidence: checked.confidence }
        : null;

  return (
    <div className="doc-type">
      {recognised ? (
        <p className="doc-type__guess">
          {t.recognised(recognised.label, Math.round(recognised.confidence * 100))}
        </p>
      ) : resumed ? null : (
        <p className="doc-type__guess doc-type__guess--uncertain">{t.uncertain}</p>
      )}
      {guess && guess.evidence.length > 0 ? (
        <details className="doc-type__evidence">
          <summary>{t.evidenceSummary(guess.evidence.length)}</summary>
          <ul>
            {guess.evidence.map((e, i) => (
              <li key={i}>
                <span className="doc-type__kind">{t.evidenceKind[e.kind]}</span> »{e.phrase}« –{' '}
                {t.onPage(e.page)}
                {e.excerpt ? <q className="excerpt">{e.excerpt}</q> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <label htmlFor="document-type" className="field-label">
        {t.selectLabel}
      </label>
      <select
        id="document-type"
        className="select"
        value={current}
        disabled={disabled}
        aria-describedby="document-type-hint"
        onChange={(e) => onChoose(e.target.value === guess?.key && !chosen ? undefined : e.target.value)}
      >
        {current === '' ? <option value="">{t.choosePlaceholder}</option> : null}
        {keys.map((k) => (
          <option key={k} value={k}>
            {label(k)}
          </option>
        ))}
      </select>
      <p id="document-type-hint" className="hint">
        {checked?.chosen ? t.chosenHint : t.hint}
      </p>
    </div>
  );
}
