import { useEffect, useId, useRef } from 'react';

export interface ConfirmRequest {
  heading: string;
  text: string;
  confirm: string;
  cancel: string;
}

interface Props {
  /** Null when the dialog is closed. */
  request: ConfirmRequest | null;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A modal yes/no question before something that cannot be undone from the window. Focus starts on the safe choice,
 * so Enter pressed out of habit keeps things as they are.
 */
export function ConfirmDialog({ request, onConfirm, onClose }: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (request && !d.open) {
      d.showModal();
      safe.current?.focus();
    } else if (!request && d.open) d.close();
  }, [request]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-text`}
      onClose={onClose}
    >
      <h2 id={`${id}-heading`} className="dialog__heading">
        {request?.heading}
      </h2>
      <p id={`${id}-text`}>{request?.text}</p>
      <div className="button-row">
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {request?.confirm}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} ref={safe}>
          {request?.cancel}
        </button>
      </div>
    </dialog>
  );
}
