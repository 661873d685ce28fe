import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, type ErrorCode, type Result } from '../../src/shared/result';

/** Request and response plumbing of the harness: bounded body reading and refusals that the client gets to see. */

/**
 * How long the rest of a refused body is read and dropped (never buffered) before the connection is cut. Closing
 * at once would reset a client that is still sending, and it might lose our answer with the reset (nginx's
 * "lingering close" solves the same problem the same way).
 */
const LINGER_MS = 10_000;
/** Statuses for requests the harness refuses itself, before the dispatcher sees them. */
const REFUSAL_STATUS: Partial<Record<ErrorCode, number>> = {
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_EMPTY: 400,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
};

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The declared Content-Length, or null when there is none (chunked) or it is not a plain number. */
export function declaredLength(req: IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

export const TOO_LARGE = Symbol('too large');

/** Reads the body, but stops as soon as it passes `cap`: an over-long stream is never buffered whole. */
export function readBody(req: IncomingMessage, cap: number): Promise<Uint8Array | typeof TOO_LARGE> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        cleanup();
        resolvePromise(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const all = Buffer.concat(chunks, size);
      resolvePromise(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    };
    const onClose = () => {
      cleanup();
      reject(new Error('request closed before its body ended'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onClose);
    req.on('close', onClose);
  });
}

export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/**
 * Answers without reading the rest of the body. The client may still be sending, so the connection is not closed
 * with the answer: Node drops the rest of the body and the client reads the Result; a body that goes on longer than
 * LINGER_MS gets the connection cut.
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  code: ErrorCode,
  status = REFUSAL_STATUS[code] ?? 400,
): void {
  sendResult(res, status, fail(code));
  if (req.complete) return;
  const timer = setTimeout(() => req.destroy(), LINGER_MS);
  timer.unref();
  req.on('close', () => clearTimeout(timer));
  req.on('error', () => clearTimeout(timer));
  req.resume();
}
