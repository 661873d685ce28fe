import { useId } from 'react';
import { useMessages } from '../i18n';
import { MIN_REASON, useReasonDialog } from './use-reason-dialog';

export interface ReasonRequest {
  heading: string;
  /** What the action does and what the reason is for. */
  text: string;
  /** What it is about (the file and the recipient), so the dialog cannot be mistaken for another row's. */
  subject: string;
  confirm: string;
}

interface Props {
  /** Null when the dialog is closed. */
  request: ReasonRequest | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/**
 * A modal dialog (the browser's own `<dialog>`: focus stays inside, Escape closes, focus returns to the button that
 * opened it) asking why a person does something to a send. The reason is kept in the history with who did it.
 */
export function ReasonDialog({ request, onConfirm, onClose }: Props) {
  const t = useMessages().common;
  const id = useId();
  const { dialog, reason, setReason, tooShort, submit } = useReasonDialog(request !== null, onConfirm);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-heading`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-heading`} className="dialog__heading">
          {request?.heading}
        </h2>
        <p className="dialog__subject">{request?.subject}</p>
        <p id={`${id}-text`}>{request?.text}</p>
        <label htmlFor={`${id}-reason`} className="field-label">
          {t.reasonLabel}
        </label>
        <textarea
          id={`${id}-reason`}
          className="text-input"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={tooShort}
          aria-describedby={tooShort ? `${id}-text ${id}-error` : `${id}-text`}
        />
        {tooShort ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {t.reasonTooShort(MIN_REASON)}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button">
            {request?.confirm}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
