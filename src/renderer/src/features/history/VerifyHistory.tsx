import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useHistoryMessages } from './use-history-messages';

type Verified = OutputOf<'verifyAudit'>;
type State =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: Verified }
  | { status: 'failed'; error: AppErrorData };

interface Props {
  /** Shows the history from a row (the first broken one). */
  onShowRow: (seq: number) => void;
}

/** Walks the hash chain on request (audit:verify) and says in words whether the history is whole. */
export function VerifyHistory({ onShowRow }: Props) {
  const t = useHistoryMessages().verify;
  const [state, setState] = useState<State>({ status: 'idle' });

  const verify = async () => {
    setState({ status: 'checking' });
    const r = await callApi((api) => api.verifyAudit({}));
    setState(r.ok ? { status: 'done', result: r.value } : { status: 'failed', error: r.error });
  };

  const result = state.status === 'done' ? state.result : null;
  return (
    <section className="history-verify" aria-labelledby="history-verify-heading">
      <h3 id="history-verify-heading" className="history-form__legend">
        {t.heading}
      </h3>
      <p className="hint">{t.explain}</p>
      <button
        type="button"
        className="button button--secondary history-verify__button"
        onClick={() => void verify()}
        disabled={state.status === 'checking'}
      >
        {t.button}
      </button>
      {/* The live region is there before its text, so the answer is read out when it arrives. */}
      <div role="status" className="history-verify__status" data-testid="verify-status">
        {state.status === 'checking' ? <p className="muted">{t.checking}</p> : null}
        {result?.intact ? <p className="history-verify__ok">{t.intact(result.rowsChecked)}</p> : null}
        {result && !result.intact ? (
          <div className="history-verify__broken">
            <p className="history-verify__message">
              {t.broken(result.firstBrokenSeq ?? result.rowsChecked, result.reason ?? '')}
            </p>
            <p>{t.brokenNext}</p>
          </div>
        ) : null}
      </div>
      {result && !result.intact && result.firstBrokenSeq !== null ? (
        <button type="button" className="link-button" onClick={() => onShowRow(result.firstBrokenSeq!)}>
          {t.showRow(result.firstBrokenSeq)}
        </button>
      ) : null}
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={() => void verify()} /> : null}
    </section>
  );
}
