import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../src/shared/result';
import type { Clock, CurrentUser, KeyStore, Logger } from '../../src/backend/ports';
import type { Connector, OutgoingMessage } from '../../src/backend/connectors/connector';

/**
 * A stand-in for Electron safeStorage: AES-256-GCM under a secret that lives only in this process (or is given,
 * so two backends in one test can share it). Named so no one mistakes it for protection.
 */
export class FakeKeyStore implements KeyStore {
  readonly kind = 'fake-test-keystore';
  available = true;
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  assertAvailable(): void {
    if (!this.available) throw new AppError('KEYSTORE_UNAVAILABLE', 'fake keystore switched off');
  }
  wrap(plain: Uint8Array): Uint8Array {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  unwrap(wrapped: Uint8Array): Uint8Array {
    const b = Buffer.from(wrapped);
    const d = createDecipheriv('aes-256-gcm', this.secret, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]);
  }
}

export function fakeUser(name = 'Test Sagsbehandler'): CurrentUser {
  return { name: () => name };
}

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-28T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The date the demo cases are written for (docs/demo-data.md: ages and case-data age are as of this day). */
export const DEMO_DATE = '2026-11-28T09:00:00.000Z';

/**
 * A clock that runs at real speed from the demo date: for tests with real timers (the outbox worker, the sandbox) on
 * the demo cases, whose ages and `asOf` dates would otherwise drift as the calendar moves on.
 */
export function demoDateClock(start: string = DEMO_DATE): Clock {
  const offset = Date.parse(start) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** Keeps every log line, so a test can look for a canary in what was logged. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(event: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'info', event, ...fields }));
  }
  warn(event: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'warn', event, ...fields }));
  }
  error(event: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'error', event, ...fields }));
  }
}

/** A connector that accepts every message and keeps what the worker handed it, in order (receipts `KVIT-1`, …). */
export class RecordingConnector implements Connector {
  readonly kind = 'sandbox' as const;
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage) {
    this.sent.push(message);
    return {
      kind: 'accepted' as const,
      receipt: {
        reference: `KVIT-${this.sent.length}`,
        receivedAt: new Date().toISOString(),
        text: 'Modtaget',
      },
    };
  }
  async lookup() {
    return { kind: 'not_received' as const };
  }
  async health() {
    return { ok: true, message: 'ok' };
  }
  async close() {}
}
