import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, ERROR_MESSAGES, fail, isErrorCode } from '../../src/shared/result';

describe('the error table', () => {
  it('holds every code of house-style.md, each once, each with a Danish sentence', () => {
    const required = [
      'VALIDATION_FAILED',
      'INTERNAL',
      'NOT_FOUND',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'DB_KEY_INVALID',
      'DB_CORRUPT',
      'DB_TOO_NEW',
      'KEYSTORE_UNAVAILABLE',
      'DOCUMENT_UNREADABLE',
      'CHECK_BLOCKED',
      'RECIPIENT_NOT_ELIGIBLE',
      'APPROVAL_REQUIRED',
      'APPROVAL_INVALID',
      'CONNECTOR_UNAVAILABLE',
      'SEND_REFUSED',
    ];
    expect(ERROR_CODES).toEqual(expect.arrayContaining(required));
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) {
      const message = ERROR_MESSAGES[code];
      expect(message.length, code).toBeGreaterThan(15);
      expect(message, code).toMatch(/^[A-ZÆØÅ].*\.$/);
      expect(code).toMatch(/^[A-Z_]+$/);
    }
  });

  it('makes failures and errors from codes only', () => {
    expect(fail('NOT_FOUND')).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND },
    });
    const err = new AppError('DB_CORRUPT', 'detail for logs');
    expect(err.message).toBe(ERROR_MESSAGES.DB_CORRUPT);
    expect(isErrorCode('DB_CORRUPT')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('__proto__')).toBe(false);
  });
});
