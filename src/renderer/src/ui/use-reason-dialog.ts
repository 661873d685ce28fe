import { useEffect, useRef, useState, type FormEvent } from 'react';

/** The contract's minimum for a person's reason (cancel, retry, resolve, an acknowledged warning; trimmed). */
export const MIN_REASON = 3;

/**
 * The behaviour the reason dialogs share: the browser's own modal `<dialog>` opened while `open` is true (the field
 * emptied each time), closed otherwise; a reason shorter than the minimum is refused at the field.
 */
export function useReasonDialog(open: boolean, onConfirm: (reason: string) => void) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setReason('');
      setTooShort(false);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < MIN_REASON) {
      setTooShort(true);
      return;
    }
    onConfirm(trimmed);
  };

  return { dialog, reason, setReason, tooShort, submit };
}
