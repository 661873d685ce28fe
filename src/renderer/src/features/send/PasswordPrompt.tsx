import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';

interface Props {
  fileName: string;
  /** The last password was wrong. */
  wrong: boolean;
  /** The backend's Danish explanation (worded by outcome in another language). */
  message: string;
  onSubmit: (password: string) => void;
  onGiveUp: () => void;
}

/**
 * The PDF is locked with its own password: ask for it and read the document again. The password stays in this
 * window's memory (the preview needs it) and is never stored.
 */
export function PasswordPrompt({ fileName, wrong, message, onSubmit, onGiveUp }: Props) {
  const tAll = useMessages();
  const t = tAll.send.password;
  const [password, setPassword] = useState('');
  const [empty, setEmpty] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  // A new prompt (or a wrong password) puts the cursor in the field, ready for the next try.
  useEffect(() => {
    setPassword('');
    field.current?.focus();
  }, [wrong, fileName]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length === 0) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    onSubmit(password);
  };

  const errorId = 'document-password-error';
  const error = empty ? t.empty : wrong ? t.wrong : null;
  return (
    <form className="password-prompt" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h3 id="password-heading" className="step-heading">
        {t.heading}
      </h3>
      <p>{tAll.backend.outcome(wrong ? 'wrong_password' : 'needs_password', message)}</p>
      <label htmlFor="document-password" className="field-label">
        {t.label(fileName)}
      </label>
      <input
        ref={field}
        id="document-password"
        className="text-input"
        type="password"
        autoComplete="off"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        maxLength={1024}
      />
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button">
          {t.submit}
        </button>
        <button type="button" className="button button--secondary" onClick={onGiveUp}>
          {t.giveUp}
        </button>
      </div>
    </form>
  );
}
