import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { User } from '../../../../shared/domain/users';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FormField } from '../../ui/FormField';
import { checkNewPassword, MIN_PASSWORD } from './new-password';

interface Props {
  /** Whose password; null when the dialog is closed. */
  user: User | null;
  onDone: (user: User) => void;
  onClose: () => void;
}

/**
 * A modal dialog (the browser's own `<dialog>`: focus stays inside, Escape closes, focus returns to the button that
 * opened it) asking an admin for a user's new password, twice. The backend gives the user a new signing key, lifts a
 * lockout and records the reset in the history.
 */
export function ResetPasswordDialog({ user, onDone, onClose }: Props) {
  const m = useMessages();
  const t = m.users.resetDialog;
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [answer, setAnswer] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (user && !d.open) {
      setPassword('');
      setRepeat('');
      setErrors({});
      setFailure(null);
      setBusy(false);
      d.showModal();
      first.current?.focus();
    } else if (!user && d.open) d.close();
  }, [user]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user || busy) return;
    const found = checkNewPassword(password, repeat, m.users.create);
    setErrors(found);
    setFailure(null);
    setAnswer((n) => n + 1);
    if (found.password) return first.current?.focus();
    if (found.repeat) return repeatRef.current?.focus();
    setBusy(true);
    const result = await callApi((api) => api.resetPassword({ userId: user.id, newPassword: password }));
    setBusy(false);
    if (result.ok) onDone(user);
    else setFailure(result.error);
  };

  const field = (
    name: 'password' | 'repeat',
    label: string,
    value: string,
    onChange: (v: string) => void,
    hint?: string,
  ) => (
    <FormField id={`${id}-${name}`} label={label} hint={hint} error={errors[name]} answer={answer}>
      {(describedBy) => (
        <input
          ref={name === 'password' ? first : repeatRef}
          id={`${id}-${name}`}
          className="text-input"
          type="password"
          autoComplete="new-password"
          maxLength={1024}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={errors[name] !== undefined}
          aria-describedby={describedBy}
        />
      )}
    </FormField>
  );

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-text`}
      onClose={onClose}
      data-testid="reset-dialog"
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-heading`} className="dialog__heading">
          {t.heading}
        </h2>
        <p className="dialog__subject">{user ? `${user.displayName} (${user.username})` : null}</p>
        <p id={`${id}-text`}>{t.text}</p>
        <p>{t.unlocks}</p>
        {field('password', t.password, password, setPassword, m.users.create.passwordHint(MIN_PASSWORD))}
        {field('repeat', t.repeat, repeat, setRepeat)}
        {failure ? <ErrorAlert key={answer} error={failure} /> : null}
        <p className="muted" role="status">
          {busy ? t.busy : ''}
        </p>
        <div className="button-row">
          <button type="submit" className="button">
            {t.submit}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {m.common.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
