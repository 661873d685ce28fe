import type { ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { useSession } from '../auth/session-context';

/**
 * The approval screens are a supervisor's. Anybody else who finds the address gets one plain sentence, and nothing
 * is asked of the backend (which would refuse it anyway).
 */
export function SupervisorsOnly({ children }: { children: ReactNode }) {
  const t = useMessages().approvals;
  const { user } = useSession();
  if (user?.role !== 'supervisor') {
    return (
      <p className="notice notice--info" data-testid="supervisors-only">
        {t.supervisorsOnly}
      </p>
    );
  }
  return <>{children}</>;
}
