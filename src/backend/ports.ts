/**
 * Ports: the small interfaces for what differs between the hosts of the backend (the Electron app, the CLI,
 * the test harness). The backend never reaches past them.
 */

/** Wraps the store's 32-byte key with something only this OS account can undo (Electron safeStorage in the app). */
export interface KeyStore {
  /** A stable name written next to each wrap in the key file, e.g. `safeStorage`. */
  readonly kind: string;
  /** Throws AppError KEYSTORE_UNAVAILABLE when the OS cannot protect the key (including Linux `basic_text`). */
  assertAvailable(): void;
  wrap(plain: Uint8Array): Uint8Array;
  unwrap(wrapped: Uint8Array): Uint8Array;
}

export interface Clock {
  now(): Date;
}

/** Structured logging. Fields must never hold CPR numbers, names or document text. */
export interface Logger {
  info(event: string, fields?: Record<string, string | number | boolean | null>): void;
  warn(event: string, fields?: Record<string, string | number | boolean | null>): void;
  error(event: string, fields?: Record<string, string | number | boolean | null>): void;
}

/** Who is working. Until sign-in exists: the OS account name in the app and CLI, a named fake in tests. */
export interface CurrentUser {
  name(): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
