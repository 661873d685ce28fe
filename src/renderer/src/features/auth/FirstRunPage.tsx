import { useEffect, useRef, useState, type FormEvent } from 'react';
import { usernameSchema } from '../../../../shared/domain/users';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AuthFrame } from './AuthFrame';
import { FormField } from '../../ui/FormField';

/** The backend's own minimum (contract: `setUpAdmin.password`). */
const MIN_PASSWORD = 10;

type Field = 'username' | 'displayName' | 'password' | 'repeat';
const FIELDS: readonly Field[] = ['username', 'displayName', 'password', 'repeat'];
const fieldId = (field: Field) => `first-run-${field}`;

interface Props {
  /** The admin exists and is signed in. */
  onDone: () => void;
  /** Somebody set the app up meanwhile (another window, the CLI): sign in instead. */
  onAlreadySetUp: () => void;
}

/**
 * The first run of a store without users: create the admin (who then creates everybody else) and be signed in as
 * them. Checked here field by field in words, and again by the backend.
 */
export function FirstRunPage({ onDone, onAlreadySetUp }: Props) {
  const t = useMessages().auth.firstRun;
  const [values, setValues] = useState<Record<Field, string>>({
    username: '',
    displayName: '',
    password: '',
    repeat: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [answer, setAnswer] = useState(0);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const check = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (values.username.trim() === '') found.username = t.usernameEmpty;
    else if (!usernameSchema.safeParse(values.username).success) found.username = t.usernameInvalid;
    if (values.displayName.trim() === '') found.displayName = t.displayNameEmpty;
    if (values.password.length < MIN_PASSWORD) found.password = t.passwordShort(MIN_PASSWORD);
    else if (values.repeat !== values.password) found.repeat = t.repeatMismatch;
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = check();
    setErrors(found);
    setFailure(null);
    setAnswer((n) => n + 1);
    const first = FIELDS.find((f) => found[f] !== undefined);
    if (first) {
      inputs.current[first]?.focus();
      return;
    }
    setBusy(true);
    const result = await callApi((api) =>
      api.setUpAdmin({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
      }),
    );
    if (result.ok) {
      onDone();
      return;
    }
    setBusy(false);
    if (result.error.code === 'FORBIDDEN') {
      onAlreadySetUp();
      return;
    }
    setFailure(result.error);
  };

  const input = (field: Field, label: string, hint: string | null, type: 'text' | 'password') => {
    const id = fieldId(field);
    const error = errors[field];
    const autoComplete =
      field === 'username' ? 'username' : field === 'displayName' ? 'name' : 'new-password';
    return (
      <FormField id={id} label={label} hint={hint} error={error} answer={answer} className="auth-field">
        {(describedBy) => (
          <input
            ref={(el) => {
              inputs.current[field] = el;
            }}
            id={id}
            className="text-input"
            type={type}
            autoComplete={autoComplete}
            spellCheck={false}
            maxLength={field === 'username' ? 64 : field === 'displayName' ? 200 : 1024}
            value={values[field]}
            onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
            aria-invalid={error !== undefined}
            aria-describedby={describedBy}
          />
        )}
      </FormField>
    );
  };

  return (
    <AuthFrame title={t.heading}>
      <section className="auth-card" aria-labelledby="first-run-heading">
        <h2 id="first-run-heading" className="auth-card__heading" ref={headingRef} tabIndex={-1}>
          {t.heading}
        </h2>
        <p className="auth-card__intro">{t.intro}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {input('username', t.username, t.usernameHint, 'text')}
          {input('displayName', t.displayName, t.displayNameHint, 'text')}
          {input('password', t.password, t.passwordHint(MIN_PASSWORD), 'password')}
          {input('repeat', t.repeat, null, 'password')}
          {failure ? <ErrorAlert key={answer} error={failure} /> : null}
          <div className="button-row">
            <button type="submit" className="button auth-submit">
              {t.submit}
            </button>
          </div>
          <p className="auth-status muted" role="status">
            {busy ? t.busy : ''}
          </p>
        </form>
      </section>
    </AuthFrame>
  );
}
