import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { callApi } from '../../api';
import type { Choices } from './use-send-choices';

export type CheckValue = OutputOf<'checkDraft'>;

/**
 * `value` while checking or after a failure is the last answer for the same draft and case: the recipient list
 * keeps standing while a tick is re-checked. Only a `ready` answer may enable sending.
 */
export type CheckState =
  | { status: 'idle' }
  | { status: 'checking'; value?: CheckValue }
  | { status: 'ready'; value: CheckValue }
  | { status: 'failed'; error: AppErrorData; value?: CheckValue };

/**
 * `drafts:check` whenever the draft, the case, the type, the recipients or the acknowledgements change. Only the
 * newest question's answer is shown: an answer about recipients the caseworker has since changed could otherwise
 * enable the send button for the wrong people.
 */
export function useDraftCheck(draftId: string | null, choices: Choices, attempt: number): CheckState {
  const [state, setState] = useState<CheckState & { key?: string }>({ status: 'idle' });
  const scopeRef = useRef('');
  const { caseNumber, documentType, recipients, acknowledged } = choices;
  const key = JSON.stringify([draftId, caseNumber, documentType, recipients, acknowledged, attempt]);

  useEffect(() => {
    if (!draftId || !caseNumber) {
      scopeRef.current = '';
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    const scope = `${draftId}|${caseNumber}`;
    const sameScope = scope === scopeRef.current;
    scopeRef.current = scope;
    setState((prev) => ({
      status: 'checking',
      value: sameScope && prev.status !== 'idle' ? prev.value : undefined,
    }));
    void callApi((api) =>
      api.checkDraft({
        draftId,
        caseNumber,
        ...(documentType ? { documentType } : {}),
        ...(recipients ? { recipients } : {}),
        ...(acknowledged.length > 0 ? { acknowledged } : {}),
      }),
    ).then((result) => {
      if (!current) return;
      setState((prev) =>
        result.ok
          ? { status: 'ready', value: result.value, key }
          : { status: 'failed', error: result.error, value: prev.status === 'idle' ? undefined : prev.value },
      );
    });
    return () => {
      current = false;
    };
    // `key` stands for every input above.
  }, [key]);

  // Between a change of the choices and the effect above, the last answer is about the old question: never ready.
  if (state.status === 'ready' && state.key !== key) return { status: 'checking', value: state.value };
  return state;
}
