import type { OutboxItemView, OutboxState } from '../../../../shared/domain/outbox';
import type { OutboxGroupKey } from '../../i18n/da-outbox';

export const OUTBOX_GROUPS: readonly OutboxGroupKey[] = [
  'attention',
  'waiting',
  'sent',
  'rejected',
  'cancelled',
];

const FINISHED: Partial<Record<OutboxState, OutboxGroupKey>> = {
  sent: 'sent',
  failed_permanent: 'rejected',
  cancelled: 'cancelled',
};

/** Where a send belongs on the outbox screen: waiting for a person first, then under way, then finished. */
export function groupOf(item: OutboxItemView): OutboxGroupKey {
  if (item.entry.needsAttention) return 'attention';
  return FINISHED[item.entry.state] ?? 'waiting';
}

/** The sends by group, newest change first within each. */
export function groupOutbox(items: readonly OutboxItemView[]): Record<OutboxGroupKey, OutboxItemView[]> {
  const groups: Record<OutboxGroupKey, OutboxItemView[]> = {
    attention: [],
    waiting: [],
    sent: [],
    rejected: [],
    cancelled: [],
  };
  for (const item of items) groups[groupOf(item)].push(item);
  for (const key of OUTBOX_GROUPS) groups[key].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  return groups;
}

/** What a person can do about a send, by its state (the backend decides again; this only offers the buttons). */
export type OutboxAction = 'undo' | 'cancel' | 'retry' | 'delivered' | 'resend';

/**
 * `canResolve`: whether this person may decide an `unknown` send ("Bekræftet modtaget", "Send igen"): a
 * supervisor's call (docs/approval.md); for anybody else the card says so instead of offering the buttons.
 */
export function actionsFor(item: OutboxItemView, canResolve: boolean): OutboxAction[] {
  const { state, needsAttention, lastError } = item.entry;
  if (state === 'unknown') return needsAttention && canResolve ? ['delivered', 'resend'] : [];
  if (state === 'failed_retryable') return needsAttention ? ['retry', 'cancel'] : ['cancel'];
  // A fresh send in its delay window is undone at once; one held back by a lost connection is annulled with a reason.
  if (state === 'queued') return lastError ? ['cancel'] : ['undo'];
  if (state === 'draft' || state === 'awaiting_approval' || state === 'approved') return ['cancel'];
  return [];
}
