import { useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import { useMessages } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { approvalsChanged } from './pending-count';

type Report = OutputOf<'syncApprovals'>;

/**
 * "Hent nye anmodninger": one round through the shared folder now (approvals:sync; it also runs by itself every 15
 * seconds), and what came of it in words: how many requests came in, or why the folder could not be used, and each
 * file that was refused.
 */
export function SyncButton({ onSynced }: { onSynced: () => void }) {
  const t = useMessages().approvals.sync;
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const running = useRef(false);

  const sync = async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    const result = await callApi((api) => api.syncApprovals({}));
    running.current = false;
    setBusy(false);
    if (!result.ok) {
      setReport(null);
      setError(result.error);
      return;
    }
    setReport(result.value);
    approvalsChanged();
    onSynced();
  };

  return (
    <div className="approvals-sync">
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary"
          aria-describedby="approvals-sync-hint"
          disabled={busy}
          onClick={() => void sync()}
        >
          {busy ? t.busy : t.button}
        </button>
      </div>
      <p id="approvals-sync-hint" className="hint">
        {t.hint}
      </p>
      <div role="status" data-testid="approvals-sync-outcome">
        {report ? <SyncOutcome report={report} /> : null}
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}

function SyncOutcome({ report }: { report: Report }) {
  const t = useMessages().approvals.sync;
  if (!report.reachable) {
    return (
      <p className="notice notice--warning" data-testid="approvals-sync-unreachable">
        {report.unreachableCode ? t.unreachableCode(report.unreachableCode) : t.unreachable}
      </p>
    );
  }
  return (
    <div className={`notice ${report.refused.length > 0 ? 'notice--warning' : 'notice--info'}`}>
      <p data-testid="approvals-sync-received">{t.received(report.received)}</p>
      {report.decided > 0 ? <p>{t.decided(report.decided)}</p> : null}
      {report.refused.length > 0 ? (
        <>
          <p>{t.refused}</p>
          <ul data-testid="approvals-sync-refused">
            {report.refused.map((r, i) => (
              <li key={i}>{t.refusedFile(r.file, t.problems[r.problem])}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
