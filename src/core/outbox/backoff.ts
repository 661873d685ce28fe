import { OUTBOX_MAX_ATTEMPTS } from '../../shared/domain/outbox';

/** The wait after the first server error; each further one doubles it. */
export const RETRY_BASE_MS = 5_000;
/** No automatic wait is longer than this. */
export const RETRY_CAP_MS = 5 * 60_000;
/**
 * How soon an offline send is tried again. Fixed rather than growing: being offline uses up nothing, and the send
 * should go soon after the connector answers again.
 */
export const OFFLINE_RETRY_MS = 15_000;

/**
 * The wait after the `failures`-th server error (1-based): 5 s, 10 s, 20 s, 40 s, 80 s, 160 s, then 5 minutes (the
 * cap). Null once `OUTBOX_MAX_ATTEMPTS` are used up: no automatic retry, a person decides.
 */
export function retryDelayMs(failures: number): number | null {
  if (failures >= OUTBOX_MAX_ATTEMPTS) return null;
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_CAP_MS);
}
