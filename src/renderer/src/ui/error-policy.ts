import type { ErrorCode } from '../../../shared/result';

/**
 * Codes for which pressing "Prøv igen" cannot help: the store cannot be opened or the request itself is wrong.
 * Offering the button anyway teaches people to click it until they give up.
 */
const NOT_RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'DB_KEY_INVALID',
  'DB_CORRUPT',
  'DB_TOO_NEW',
  'KEYSTORE_UNAVAILABLE',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
]);

export function canRetry(code: ErrorCode): boolean {
  return !NOT_RETRYABLE.has(code);
}
