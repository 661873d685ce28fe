import type { AppErrorData } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { SendPlan } from './send-plan';

interface Props {
  plan: SendPlan;
  submitting: boolean;
  error: AppErrorData | null;
  onSend: () => void;
}

/** The one button that sends, labelled with what it will do; when it cannot be pressed, the reason beside it. */
export function SendPanel({ plan, submitting, error, onSend }: Props) {
  const t = useMessages().send.action;
  return (
    <div className="send-panel">
      {error ? (
        <ErrorAlert error={error}>
          <span className="error-alert__next">{t.errorNext}</span>
        </ErrorAlert>
      ) : null}
      {plan.ready ? (
        <>
          <p className="send-panel__summary" id="send-summary">
            {plan.summary}
          </p>
          {plan.approvalReasons.length > 0 ? (
            <ul className="send-panel__reasons" aria-label={t.approvalReasonsLabel}>
              {plan.approvalReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <div
          className={`send-panel__blocked${plan.blocks.length > 0 ? ' send-panel__blocked--block' : ''}`}
          id="send-blocked"
          data-testid="send-blocked"
        >
          <p className="send-panel__reason">{plan.reason}</p>
          {plan.blocks.length > 0 ? (
            <ul>
              {plan.blocks.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      <button
        type="button"
        className="button button--send"
        disabled={!plan.ready || submitting}
        aria-describedby={plan.ready ? 'send-summary' : 'send-blocked'}
        onClick={onSend}
      >
        {submitting ? t.submitting : plan.ready ? plan.label : t.disabledLabel}
      </button>
    </div>
  );
}
