import { useId, useState, type KeyboardEvent } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';

/**
 * The SF1601 certificate's password (settings:setCertificatePassword). It lives inside the settings form but saves
 * on its own (Enter in the field saves it, not the settings), is kept in this component only until it is saved,
 * and is never shown again: there is no channel that reads it back.
 */
export function CertificatePasswordForm() {
  const t = useMessages().settings.certificate;
  const id = useId();
  const [password, setPassword] = useState('');
  const [state, setState] = useState<
    { status: 'idle' | 'empty' | 'saving' | 'saved' } | { status: 'failed'; error: AppErrorData }
  >({ status: 'idle' });

  const save = async () => {
    if (password.length === 0) {
      setState({ status: 'empty' });
      return;
    }
    setState({ status: 'saving' });
    const result = await callApi((api) => api.setCertificatePassword({ password }));
    if (result.ok) {
      setPassword('');
      setState({ status: 'saved' });
    } else setState({ status: 'failed', error: result.error });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void save();
  };

  return (
    <section className="settings-subsection" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="settings-subsection__heading">
        {t.heading}
      </h4>
      <p id={`${id}-text`} className="hint">
        {t.text}
      </p>
      <label htmlFor={`${id}-password`} className="field-label">
        {t.label}
      </label>
      <input
        id={`${id}-password`}
        className="text-input"
        type="password"
        autoComplete="new-password"
        value={password}
        maxLength={1024}
        aria-invalid={state.status === 'empty'}
        aria-describedby={state.status === 'empty' ? `${id}-text ${id}-error` : `${id}-text`}
        onChange={(e) => setPassword(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {state.status === 'empty' ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t.empty}
        </p>
      ) : null}
      {state.status === 'failed' ? <ErrorAlert error={state.error} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary"
          disabled={state.status === 'saving'}
          onClick={() => void save()}
        >
          {t.save}
        </button>
      </div>
      {state.status === 'saved' ? (
        <p className="notice notice--success" role="status">
          {t.saved}
        </p>
      ) : null}
    </section>
  );
}
