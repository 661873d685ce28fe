import type { Finding } from '../../../../shared/domain/findings';
import { useMessages } from '../../i18n';
import { MIN_REASON, useReasonDialog } from '../../ui/use-reason-dialog';

interface Props {
  /** The warning to acknowledge; null when the dialog is closed. */
  finding: Finding | null;
  /**
   * Every warning of the check with the finding's code. An acknowledgement is by code (the contract's
   * `acknowledged[]`), so when there are several the dialog shows them all before the reason covers them.
   */
  sameKind?: readonly Finding[];
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/**
 * A modal dialog (the browser's own `<dialog>`: focus stays inside, Escape closes) asking why the letter should go
 * despite the warning. The reason is kept in the history with the send.
 */
export function AcknowledgeDialog({ finding, sameKind = [], onConfirm, onClose }: Props) {
  const { send, backend } = useMessages();
  const t = send.acknowledge;
  const { dialog, reason, setReason, tooShort, submit } = useReasonDialog(finding !== null, onConfirm);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="ack-heading" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="ack-heading" className="dialog__heading">
          {t.heading}
        </h2>
        {finding ? <p className="dialog__finding">{backend.finding(finding.code, finding.message)}</p> : null}
        {sameKind.length > 1 ? (
          <div className="dialog__same-kind" data-testid="ack-covers">
            <p>{t.coversAll(sameKind.length)}</p>
            <ul>
              {sameKind.map((f, i) => (
                <li key={i}>
                  {f.evidence.length > 0
                    ? f.evidence.map((e, j) => (
                        <span key={j}>
                          {j > 0 ? ', ' : null}
                          <q className="excerpt">{e.text}</q>
                        </span>
                      ))
                    : backend.finding(f.code, f.message)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <label htmlFor="ack-reason" className="field-label">
          {t.reasonLabel}
        </label>
        <textarea
          id="ack-reason"
          className="text-input"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={tooShort}
          aria-describedby={tooShort ? 'ack-hint ack-error' : 'ack-hint'}
        />
        <p id="ack-hint" className="hint">
          {t.hint}
        </p>
        {tooShort ? (
          <p id="ack-error" className="field-error" role="alert">
            {t.tooShort(MIN_REASON)}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button">
            {t.confirm}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
