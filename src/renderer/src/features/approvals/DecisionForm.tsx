import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { approvalsChanged } from './pending-count';

type Decided = OutputOf<'decideApproval'> & {
  /** For another computer's request: whether the shared folder could be reached just after (null: not asked). */
  folderReached: boolean | null;
};
type Outcome = 'approved' | 'rejected';

/** The contract's least comment (approvals:decide): a decision always says why. */
const MIN_COMMENT = 3;

/**
 * The supervisor's decision: a comment (kept, signed, with the decision) and "Godkend og send" or "Afvis". What
 * happened is said in words: released into the queue (the send delay applies), approved but not released (what no
 * longer fits), or rejected. The backend decides everything again, whatever this form sends.
 *
 * Another computer's request (`remote`) is not released here: the signed decision goes to the shared folder, and the
 * requester's installation verifies it again and sends (or cancels). The form says so, and says when the folder could
 * not be reached (the decision then waits here for the next round).
 */
export function DecisionForm({
  requestId,
  remote,
  onDecided,
}: {
  requestId: string;
  remote: boolean;
  onDecided: () => void;
}) {
  const t = useMessages().approvals.decision;
  const [comment, setComment] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [decided, setDecided] = useState<Decided | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (decided || error) outcomeRef.current?.focus();
  }, [decided, error]);

  const decide = async (outcome: Outcome) => {
    if (busy) return;
    if (comment.trim().length < MIN_COMMENT) {
      setTooShort(true);
      commentRef.current?.focus();
      return;
    }
    setTooShort(false);
    setError(null);
    setBusy(true);
    const result = await callApi((api) =>
      api.decideApproval({ requestId, outcome, comment: comment.trim() }),
    );
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    // The decision went through the folder in the same round if it could be reached; one more round says whether.
    const folderReached = remote
      ? await callApi((api) => api.syncApprovals({})).then((r) => (r.ok ? r.value.reachable : null))
      : null;
    setBusy(false);
    setDecided({ ...result.value, folderReached });
    approvalsChanged();
    onDecided();
  };
  const submit = (e: FormEvent) => e.preventDefault();

  if (decided) {
    const rejected = decided.request.decision?.outcome === 'rejected';
    const text = remote
      ? decided.folderReached === false
        ? t.remoteNotYet
        : rejected
          ? t.remoteRejected
          : t.remoteApproved
      : rejected
        ? t.rejected
        : decided.released
          ? t.approved
          : t.notReleased(decided.differences);
    const good = remote ? decided.folderReached !== false : rejected || decided.released;
    return (
      <div ref={outcomeRef} tabIndex={-1} className="decision-outcome">
        <p
          className={`notice ${good ? 'notice--success' : 'notice--warning'}`}
          role="status"
          data-testid="decision-outcome"
        >
          {text}
        </p>
        <p>
          <a href={hrefFor({ name: 'approvals' })}>{t.toInbox}</a>
        </p>
      </div>
    );
  }

  return (
    <form className="decision-form" onSubmit={submit} noValidate>
      <label htmlFor="decision-comment" className="field-label">
        {t.comment}
      </label>
      <textarea
        id="decision-comment"
        ref={commentRef}
        className="text-input"
        rows={3}
        maxLength={1000}
        value={comment}
        onChange={(e) => {
          setComment(e.target.value);
          if (tooShort && e.target.value.trim().length >= MIN_COMMENT) setTooShort(false);
        }}
        aria-invalid={tooShort}
        aria-describedby={tooShort ? 'decision-comment-hint decision-comment-error' : 'decision-comment-hint'}
        required
      />
      <p id="decision-comment-hint" className="hint">
        {t.commentHint}
      </p>
      {tooShort ? (
        <p id="decision-comment-error" className="field-error" role="alert">
          {t.commentTooShort}
        </p>
      ) : null}
      <div ref={outcomeRef} tabIndex={-1} className="decision-outcome">
        {error?.code === 'FORBIDDEN' ? (
          <div className="error-alert" role="alert" data-error-code={error.code}>
            <p className="error-alert__message">{t.forbidden}</p>
          </div>
        ) : error ? (
          <ErrorAlert error={error} />
        ) : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button--approve"
          disabled={busy}
          onClick={() => void decide('approved')}
        >
          {busy ? t.busy : t.approve}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void decide('rejected')}
        >
          {busy ? t.busy : t.reject}
        </button>
      </div>
    </form>
  );
}
