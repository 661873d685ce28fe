import { useRef, useState, type FormEvent } from 'react';
import { userRoles, usernameSchema, type User, type UserRole } from '../../../../shared/domain/users';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FormField } from '../../ui/FormField';
import { checkNewPassword, MIN_PASSWORD } from './new-password';

type Field = 'username' | 'displayName' | 'role' | 'password' | 'repeat';
const FIELDS: readonly Field[] = ['username', 'displayName', 'role', 'password', 'repeat'];
const fieldId = (field: Field) => `new-user-${field}`;

const EMPTY = { username: '', displayName: '', role: 'caseworker' as UserRole, password: '', repeat: '' };

/**
 * "Opret bruger": checked here field by field in words, and again by the backend, which also knows whether the
 * username is taken (VALIDATION_FAILED once every field has passed here) and records the creation in the history.
 */
export function CreateUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const m = useMessages();
  const t = m.users.create;
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [created, setCreated] = useState<User | null>(null);
  const [answer, setAnswer] = useState(0);
  const [busy, setBusy] = useState(false);
  const controls = useRef<Partial<Record<Field, HTMLInputElement | HTMLSelectElement | null>>>({});

  const check = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (values.username.trim() === '') found.username = t.usernameEmpty;
    else if (!usernameSchema.safeParse(values.username).success) found.username = t.usernameInvalid;
    if (values.displayName.trim() === '') found.displayName = t.displayNameEmpty;
    return { ...found, ...checkNewPassword(values.password, values.repeat, t) };
  };

  const show = (found: Partial<Record<Field, string>>) => {
    setErrors(found);
    setAnswer((n) => n + 1);
    const first = FIELDS.find((f) => found[f] !== undefined);
    if (first) controls.current[first]?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    setCreated(null);
    const found = check();
    show(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await callApi((api) =>
      api.createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        password: values.password,
      }),
    );
    setBusy(false);
    if (result.ok) {
      setValues(EMPTY);
      setCreated(result.value.user);
      onCreated(result.value.user);
      return;
    }
    // Every field passed the same rules the contract has, so what is left to refuse is the username being taken.
    if (result.error.code === 'VALIDATION_FAILED') show({ username: t.usernameTaken });
    else setFailure(result.error);
  };

  const set = (field: Field, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const bind = (field: Field) => ({
    id: fieldId(field),
    ref: (el: HTMLInputElement | HTMLSelectElement | null) => {
      controls.current[field] = el;
    },
    'aria-invalid': errors[field] !== undefined,
  });
  const text = (field: 'username' | 'displayName' | 'password' | 'repeat', label: string, hint?: string) => (
    <FormField id={fieldId(field)} label={label} hint={hint} error={errors[field]} answer={answer}>
      {(describedBy) => (
        <input
          {...bind(field)}
          className="text-input"
          type={field === 'password' || field === 'repeat' ? 'password' : 'text'}
          autoComplete={field === 'password' || field === 'repeat' ? 'new-password' : 'off'}
          spellCheck={false}
          maxLength={field === 'username' ? 64 : field === 'displayName' ? 200 : 1024}
          value={values[field]}
          onChange={(e) => set(field, e.target.value)}
          aria-describedby={describedBy}
        />
      )}
    </FormField>
  );

  return (
    <section className="user-form" aria-labelledby="new-user-heading">
      <h3 id="new-user-heading" className="user-form__heading">
        {t.heading}
      </h3>
      <p className="page-intro">{t.intro}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {text('username', t.username, t.usernameHint)}
        {text('displayName', t.displayName, t.displayNameHint)}
        <FormField id={fieldId('role')} label={t.role} hint={t.roleHint} answer={answer}>
          {(describedBy) => (
            <select
              {...bind('role')}
              className="select"
              value={values.role}
              onChange={(e) => set('role', e.target.value)}
              aria-describedby={describedBy}
            >
              {userRoles.map((role) => (
                <option key={role} value={role}>
                  {m.auth.roles[role]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {text('password', t.password, t.passwordHint(MIN_PASSWORD))}
        {text('repeat', t.repeat)}
        {failure ? <ErrorAlert key={answer} error={failure} /> : null}
        <div className="button-row">
          <button type="submit" className="button">
            {t.submit}
          </button>
        </div>
        <div role="status" className="user-form__status">
          {busy ? <p className="muted">{t.busy}</p> : null}
          {created ? (
            <p className="notice notice--success" data-testid="user-created">
              {t.created(`${created.displayName} (${created.username})`)}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
