import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { useMessages } from '../i18n';
import { canRetry } from './error-policy';

interface Props {
  error: AppErrorData;
  onRetry?: () => void;
  /** Further ways out, e.g. a link back to the list. */
  children?: ReactNode;
}

/** The status line for a failed call: the backend's message (by code in another language), read out at once. */
export function ErrorAlert({ error, onRetry, children }: Props) {
  const t = useMessages();
  return (
    <div className="error-alert" role="alert" data-error-code={error.code}>
      <p className="error-alert__message">{t.backend.error(error.code, error.message)}</p>
      {(onRetry && canRetry(error.code)) || children ? (
        <div className="error-alert__actions">
          {onRetry && canRetry(error.code) ? (
            <button type="button" className="button" onClick={onRetry}>
              {t.common.retry}
            </button>
          ) : null}
          {children}
        </div>
      ) : null}
    </div>
  );
}
