import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contract';
import type { OutboxItemView, OutboxState } from '../../../../shared/domain/outbox';
import type { AppErrorData } from '../../../../shared/result';
import { callApi, onApiEvent } from '../../api';

export interface Submitted {
  items: OutboxItemView[];
  approvalRequired: boolean;
  approvalReasons: string[];
  /** When the queued rows go, on this window's clock (the backend's clock may differ: only the delay is used). */
  deadline: number | null;
}

export type SubmissionState =
  | { status: 'idle' }
  | { status: 'submitting' }
  | { status: 'failed'; error: AppErrorData }
  | ({ status: 'submitted' } & Submitted);

/** States that no event leaves (shared/domain/outbox.ts); the window only shows them. */
const FINISHED: ReadonlySet<OutboxState> = new Set<OutboxState>(['sent', 'failed_permanent', 'cancelled']);
/** While the worker has a row (due, being sent), the window also asks now and then, in case an event was missed. */
const UNDER_WAY: ReadonlySet<OutboxState> = new Set<OutboxState>(['queued', 'sending']);
const SYNC_MS = 3000;

/** The delay left, measured on the backend's clock: `sendAfter` against the moment the row was queued. */
function remainingMs(items: readonly OutboxItemView[]): number | null {
  const left = items
    .filter((i) => i.entry.state === 'queued' && i.entry.sendAfter !== null)
    .map((i) => Date.parse(i.entry.sendAfter!) - Date.parse(i.updatedAt));
  return left.length === 0 ? null : Math.max(0, ...left);
}

/**
 * Submit, then follow the rows: `outbox:changed` events update them as the worker sends, and `Fortryd` cancels
 * every row that can still be cancelled. The rows are the backend's; the window never decides a state itself.
 */
export function useSubmission(undoReason: string) {
  const [state, setState] = useState<SubmissionState>({ status: 'idle' });
  const [undo, setUndo] = useState<{ busy: boolean; refusals: string[]; error: AppErrorData | null }>({
    busy: false,
    refusals: [],
    error: null,
  });
  const ids = useRef<ReadonlySet<string>>(new Set());

  const merge = useCallback((fresh: readonly OutboxItemView[]) => {
    setState((s) => {
      if (s.status !== 'submitted') return s;
      const byId = new Map(fresh.filter((i) => ids.current.has(i.id)).map((i) => [i.id, i]));
      if (byId.size === 0) return s;
      // An older copy of a row never replaces a newer one (an event and a list can cross).
      const items = s.items.map((i) => {
        const next = byId.get(i.id);
        return next && next.updatedAt >= i.updatedAt ? next : i;
      });
      return { ...s, items };
    });
  }, []);

  useEffect(() => onApiEvent('outbox:changed', ({ item }) => merge([item])), [merge]);

  const underWay = state.status === 'submitted' && state.items.some((i) => UNDER_WAY.has(i.entry.state));
  useEffect(() => {
    if (!underWay) return;
    const timer = window.setInterval(() => {
      void callApi((api) => api.listOutbox({})).then((r) => r.ok && merge(r.value.items));
    }, SYNC_MS);
    return () => window.clearInterval(timer);
  }, [underWay, merge]);

  const submit = useCallback(async (input: InputOf<'submitSend'>) => {
    setState({ status: 'submitting' });
    setUndo({ busy: false, refusals: [], error: null });
    const result = await callApi((api) => api.submitSend(input));
    if (!result.ok) {
      setState({ status: 'failed', error: result.error });
      return;
    }
    const value: OutputOf<'submitSend'> = result.value;
    ids.current = new Set(value.items.map((i) => i.id));
    const left = remainingMs(value.items);
    setState({
      status: 'submitted',
      items: value.items,
      approvalRequired: value.approvalRequired,
      approvalReasons: value.approvalReasons,
      deadline: left === null ? null : Date.now() + left,
    });
  }, []);

  const cancelAll = useCallback(async () => {
    if (state.status !== 'submitted') return;
    setUndo({ busy: true, refusals: [], error: null });
    const open = state.items.filter((i) => !FINISHED.has(i.entry.state));
    const results = await Promise.all(
      open.map((i) => callApi((api) => api.cancelSend({ outboxId: i.id, reason: undoReason }))),
    );
    const refusals: string[] = [];
    let error: AppErrorData | null = null;
    const items: OutboxItemView[] = [];
    for (const r of results) {
      if (!r.ok) error = r.error;
      else {
        items.push(r.value.item);
        if (!r.value.changed && r.value.refusal) refusals.push(r.value.refusal);
      }
    }
    merge(items);
    setUndo({ busy: false, refusals: [...new Set(refusals)], error });
  }, [state, undoReason, merge]);

  const clear = useCallback(() => {
    ids.current = new Set();
    setState({ status: 'idle' });
    setUndo({ busy: false, refusals: [], error: null });
  }, []);

  return { state, submit, cancelAll, undo, clear };
}
