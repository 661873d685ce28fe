import { useEffect, useState } from 'react';
import { callApi, onApiEvent } from '../../api';
import { hrefFor, useRoute } from '../../routing';

/** Who wants to know that a decision was made in this window (the menu's count). */
const listeners = new Set<() => void>();

/** Tells the menu to count again: a decision was made here (the outbox events may come a moment later). */
export function approvalsChanged(): void {
  for (const listener of [...listeners]) listener();
}

/**
 * The number of requests waiting in a supervisor's inbox, for the main menu; null for anybody else (nothing is
 * asked) and until the first answer. Counted again on every navigation, whenever a send changes state
 * (`outbox:changed`: a caseworker sent one for approval, or a decision moved its rows) and whenever an approval
 * entry enters the history (`audit:appended`, `approval.*`: a request from another computer arrived through the
 * shared folder), never on a timer.
 */
export function usePendingApprovals(enabled: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [asked, setAsked] = useState(0);
  const where = hrefFor(useRoute());

  useEffect(() => {
    if (!enabled) return;
    const again = () => setAsked((n) => n + 1);
    listeners.add(again);
    const off = onApiEvent('outbox:changed', again);
    // A request from another computer (or a decision on one) moves no outbox row here: its history entry tells.
    const offAudit = onApiEvent('audit:appended', ({ kind }) => {
      if (kind.startsWith('approval.')) again();
    });
    return () => {
      listeners.delete(again);
      off();
      offAudit();
    };
  }, [enabled]);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void callApi((api) => api.listApprovals({})).then((result) => {
      // A failed count keeps the last one: the menu is no place for an error (the inbox shows it).
      if (current && result.ok) setCount(result.value.requests.length);
    });
    return () => {
      current = false;
    };
  }, [enabled, where, asked]);

  return enabled ? count : null;
}
