import type { ReactElement } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string | null;
  error?: string | undefined;
  /** Changes with each submit, so the same error is announced again. */
  answer: number;
  /** The control, given `id`, `aria-invalid` and `aria-describedby` by the caller through `describedBy`. */
  children: (describedBy: string | undefined) => ReactElement;
  /** The wrapper's class: the users screen's forms and the first run's card lay fields out differently. */
  className?: string;
}

/** A labelled field with its hint and, after a submit, its error in words (`role="alert"`), tied to the control. */
export function FormField({
  id,
  label,
  hint,
  error,
  answer,
  children,
  className = 'user-form__field',
}: Props) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(describedBy || undefined)}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p key={answer} id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
