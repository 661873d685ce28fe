import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../shared/contract';
import type { AppErrorData, Result } from '../../shared/result';
import { callApi } from './api';

/**
 * `value` is the last good answer: a screen may keep showing it while a newer request (the next search) is on its
 * way, instead of blanking the table on every key press.
 */
export type ApiState<T> =
  | { status: 'loading'; value: T | undefined }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: AppErrorData; value: T | undefined };

/**
 * Loads once per `key` (and again on `retry`). Answers to superseded requests are dropped, so a slow answer for an
 * old search can never overwrite the newer one.
 */
export function useApiResult<T>(run: (api: Api) => Promise<Result<T>>, key: string) {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading', value: undefined });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState((prev) => ({ status: 'loading', value: prev.value }));
    void callApi(run).then((result) => {
      if (!current) return;
      setState((prev) =>
        result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'failed', error: result.error, value: prev.value },
      );
    });
    return () => {
      current = false;
    };
    // `run` is a fresh closure on every render; `key` is what identifies the request.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
