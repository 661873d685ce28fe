import type { OutboxEntry } from '../../shared/domain/outbox';

/**
 * What the worker should do now. It claims each entry from `dueNow` (the claim is the transaction that moves it to
 * `sending`) and asks the connector about each from `dueForLookup`; `nextDueAt` says when to wake up next.
 */

const at = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** Entries to send now: queued past their delay window, or retries that are due and not waiting for a person. */
export function dueNow(entries: readonly OutboxEntry[], now: Date): OutboxEntry[] {
  const t = now.getTime();
  return entries.filter(
    (e) =>
      (e.state === 'queued' && at(e.sendAfter) <= t) ||
      (e.state === 'failed_retryable' && !e.needsAttention && at(e.nextAttemptAt) <= t),
  );
}

/** Entries whose status is unknown and that the connector should be asked about (by UUID). */
export function dueForLookup(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.state === 'unknown' && !e.needsAttention);
}

/** The earliest time an entry becomes due (ISO), or null when nothing is waiting on the clock. */
export function nextDueAt(entries: readonly OutboxEntry[]): string | null {
  let best: number | null = null;
  for (const e of entries) {
    const when =
      e.state === 'queued'
        ? at(e.sendAfter)
        : e.state === 'failed_retryable'
          ? at(e.nextAttemptAt)
          : Number.NaN;
    if (Number.isFinite(when) && (best === null || when < best)) best = when;
  }
  return best === null ? null : new Date(best).toISOString();
}
