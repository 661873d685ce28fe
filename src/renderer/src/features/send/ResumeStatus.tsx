import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { formatDateTime } from './format-time';
import type { Resumed } from './use-resumed-draft';

/** Where a resumed draft came from and what it does not remember, or why it could not be opened. */
export function ResumeStatus({ resumed }: { resumed: Resumed }) {
  const t = useMessages().send.resume;
  const toDrafts = <a href={hrefFor({ name: 'drafts' })}>{t.toDrafts}</a>;
  switch (resumed.phase) {
    case 'loading':
      return <LoadingText text={t.loading} />;
    case 'ready':
      return (
        <div className="resume-note" data-testid="resumed-draft">
          <p>{t.resumed(formatDateTime(resumed.draft.updatedAt))}</p>
          <p className="hint">{t.remembers}</p>
          {resumed.draft.needsRecheck ? <p className="resume-note__recheck">{t.needsRecheck}</p> : null}
        </div>
      );
    case 'missing':
      return (
        <div className="error-alert" role="alert">
          <p className="error-alert__message">{t.missing}</p>
          <div className="error-alert__actions">{toDrafts}</div>
        </div>
      );
    case 'failed':
      return (
        <ErrorAlert error={resumed.error}>
          <span>
            {resumed.fileName ? `${t.failed(resumed.fileName)} ` : ''}
            {t.failedNext}
          </span>
          {toDrafts}
        </ErrorAlert>
      );
    default:
      return null;
  }
}
