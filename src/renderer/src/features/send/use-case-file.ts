import { useEffect, useState } from 'react';
import type { Case } from '../../../../shared/domain/case-file';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';

/** The chosen case with its parties (names for the recipients and findings); opening it is logged as a view. */
export function useCaseFile(caseNumber: string | null) {
  const [state, setState] = useState<{ caseFile?: Case; error?: AppErrorData; for: string | null }>({
    for: null,
  });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (caseNumber === null) return;
    let current = true;
    void callApi((api) => api.getCase({ caseNumber })).then((r) => {
      if (!current) return;
      setState(r.ok ? { caseFile: r.value.case, for: caseNumber } : { error: r.error, for: caseNumber });
    });
    return () => {
      current = false;
    };
  }, [caseNumber, attempt]);
  const matches = state.for === caseNumber && caseNumber !== null;
  return {
    caseFile: matches ? state.caseFile : undefined,
    error: matches ? state.error : undefined,
    retry: () => setAttempt((n) => n + 1),
  };
}
