import { isErrorCode } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import type { Intake } from './use-document-intake';

interface Props {
  intake: Intake;
  onCancel: () => void;
}

/** Reading, the progress of a long document with its cancel button, and why a file could not be checked. */
export function AnalysisStatus({ intake, onCancel }: Props) {
  const { send, backend } = useMessages();
  const t = send.analysis;
  switch (intake.phase) {
    case 'reading':
      return (
        <p className="analysis-status" role="status">
          {t.reading(intake.fileName)}
        </p>
      );
    case 'analysing': {
      const p = intake.progress;
      return (
        <div className="analysis-status">
          <p role="status" id="analysis-progress-text">
            {p && p.total > 0 ? t.pages(intake.fileName, p.done, p.total) : t.started(intake.fileName)}
          </p>
          <progress
            className="analysis-status__bar"
            aria-labelledby="analysis-progress-text"
            {...(p && p.total > 0 ? { max: p.total, value: p.done } : {})}
          />
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      );
    }
    case 'cancelled':
      return (
        <p className="analysis-status" role="status">
          {t.cancelled(intake.fileName)}
        </p>
      );
    case 'failed':
      return (
        <div className="error-alert" role="alert" data-reason={intake.reason}>
          <p className="error-alert__message">{t.failedHeading(intake.fileName)}</p>
          <p className="error-alert__detail">
            {isErrorCode(intake.reason)
              ? backend.error(intake.reason, intake.message)
              : backend.outcome(intake.reason, intake.message)}
          </p>
          <p className="error-alert__detail">{t.failedNext}</p>
        </div>
      );
    default:
      return null;
  }
}
