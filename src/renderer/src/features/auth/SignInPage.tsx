import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages, type Messages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatTime } from '../send/format-time';
import { AuthFrame } from './AuthFrame';
import { DemoUsers } from './DemoUsers';
import type { Notice } from './notice';

type Problem =
  | { kind: 'usernameEmpty' | 'passwordEmpty' | 'wrong' | 'disabled' }
  | { kind: 'locked'; until: string | null }
  | { kind: 'error'; error: AppErrorData };

interface Props {
  demoUsers: boolean;
  notice: Notice | null;
  /** The backend has signed the user in; the gate asks for the session and opens the app. */
  onSignedIn: () => void;
}

const USERNAME = 'sign-in-username';
const PASSWORD = 'sign-in-password';
const REFUSED = 'sign-in-refused';

function noticeText(t: Messages['auth']['notice'], notice: Notice): string {
  switch (notice.kind) {
    case 'idle':
      return t.idle(notice.minutes);
    case 'ended':
      return t.ended;
    case 'signedOut':
      return t.signedOut;
    case 'alreadySetUp':
      return t.alreadySetUp;
  }
}

/** What the backend's refusal means for the person at the window; never which of name and password was wrong. */
function refusalText(t: Messages['auth']['signIn'], problem: Problem): string | null {
  if (problem.kind === 'wrong') return t.wrong;
  if (problem.kind === 'disabled') return t.disabled;
  if (problem.kind === 'locked') return problem.until ? t.locked(formatTime(problem.until)) : t.lockedNoTime;
  return null;
}

/** Username and password, "Log ind"; on a demo store the demo users under the form. */
export function SignInPage({ demoUsers, notice, onSignedIn }: Props) {
  const tAll = useMessages();
  const t = tAll.auth.signIn;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  // A new key for every answer, so the same refusal twice is announced twice.
  const [answer, setAnswer] = useState(0);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  const show = (next: Problem, focus: HTMLInputElement | null) => {
    setProblem(next);
    setAnswer((n) => n + 1);
    focus?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const name = username.trim();
    if (name === '') return show({ kind: 'usernameEmpty' }, usernameRef.current);
    if (password === '') return show({ kind: 'passwordEmpty' }, passwordRef.current);
    setBusy(true);
    const result = await callApi((api) => api.signIn({ username: name, password }));
    if (!result.ok) {
      setBusy(false);
      return show({ kind: 'error', error: result.error }, null);
    }
    const answered = result.value;
    if (answered.signedIn) {
      onSignedIn();
      return;
    }
    setBusy(false);
    setPassword('');
    const { reason, until } = answered;
    show(reason === 'locked' ? { kind: 'locked', until } : { kind: reason }, passwordRef.current);
  };

  const refusal = problem ? refusalText(t, problem) : null;
  const usernameError = problem?.kind === 'usernameEmpty' ? t.usernameEmpty : null;
  const passwordError = problem?.kind === 'passwordEmpty' ? t.passwordEmpty : null;
  const describedBy = (own: string | null, id: string) =>
    [own ? `${id}-error` : '', refusal ? REFUSED : ''].filter(Boolean).join(' ') || undefined;
  const noticeIsWarning = notice?.kind === 'idle' || notice?.kind === 'ended';

  return (
    <AuthFrame title={t.heading}>
      <section className="auth-card" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading" className="auth-card__heading">
          {t.heading}
        </h2>
        {notice ? (
          <p
            className={`auth-notice${noticeIsWarning ? ' auth-notice--warning' : ''}`}
            role={noticeIsWarning ? 'alert' : 'status'}
            data-testid="sign-in-notice"
          >
            {noticeText(tAll.auth.notice, notice)}
          </p>
        ) : null}
        <p className="auth-card__intro">{t.intro}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor={USERNAME} className="field-label">
            {t.username}
          </label>
          <input
            ref={usernameRef}
            id={USERNAME}
            className="text-input"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={usernameError !== null || problem?.kind === 'wrong'}
            aria-describedby={describedBy(usernameError, USERNAME)}
          />
          {usernameError ? (
            <p key={answer} id={`${USERNAME}-error`} className="field-error" role="alert">
              {usernameError}
            </p>
          ) : null}
          <label htmlFor={PASSWORD} className="field-label">
            {t.password}
          </label>
          <input
            ref={passwordRef}
            id={PASSWORD}
            className="text-input"
            type="password"
            autoComplete="current-password"
            maxLength={1024}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={passwordError !== null || problem?.kind === 'wrong'}
            aria-describedby={describedBy(passwordError, PASSWORD)}
          />
          {passwordError ? (
            <p key={answer} id={`${PASSWORD}-error`} className="field-error" role="alert">
              {passwordError}
            </p>
          ) : null}
          {refusal ? (
            <p key={answer} id={REFUSED} className="field-error" role="alert" data-testid="sign-in-refused">
              {refusal}
            </p>
          ) : null}
          {problem?.kind === 'error' ? <ErrorAlert key={answer} error={problem.error} /> : null}
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
      {demoUsers ? <DemoUsers /> : null}
    </AuthFrame>
  );
}
