export { OFFLINE_RETRY_MS, RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from './backoff';
export {
  createOutboxEntry,
  recoverAfterCrash,
  transition,
  type AuditValue,
  type OutboxEffect,
  type TransitionResult,
} from './machine';
export type { OutboxRefusal, OutboxRefusalCode } from './refusals';
export { dueForLookup, dueNow, nextDueAt } from './schedule';
