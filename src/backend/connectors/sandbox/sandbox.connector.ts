import { request as httpRequest, type ClientRequest } from 'node:http';
import type { Connector, LookupOutcome, OutgoingMessage, Receipt, SendOutcome } from '../connector';

/**
 * The sandbox connector (docs/connectors.md, "sandbox"): speaks HTTP to the sandbox process (sandbox-server.ts) on
 * 127.0.0.1. One connection per request (no keep-alive), so "the connection failed" always means the request never
 * left: `offline`; anything that breaks after the connection was made (a reset, a closed socket, the timeout) may
 * have reached the sandbox: `interrupted`, and the outbox looks the UUID up.
 */

export interface SandboxConnectorOptions {
  /** e.g. `http://127.0.0.1:43123` (the `url` the sandbox prints when it listens). */
  baseUrl: string;
  /** Give up on a send after this long with no complete answer (default 30 s): `interrupted`. */
  timeoutMs?: number;
  /** Look-up and health timeout (default 5 s). */
  lookupTimeoutMs?: number;
}

/** Errors that mean the connection was never made: nothing was sent. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

type HttpResult =
  | { kind: 'response'; status: number; body: unknown }
  /** `connected`: whether a connection was made (so the request may have been written). */
  | { kind: 'failed'; connected: boolean; code: string; timedOut: boolean };

export function createSandboxConnector(options: SandboxConnectorOptions): Connector {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:')
    throw new Error('The sandbox connector speaks plain http to 127.0.0.1 only.');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 5_000;
  const inFlight = new Set<ClientRequest>();
  let closed = false;

  function call(method: 'GET' | 'POST', path: string, body: unknown, timeout: number): Promise<HttpResult> {
    return new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
      let connected = false;
      let timedOut = false;
      let settled = false;
      const settle = (result: HttpResult): void => {
        if (settled) return;
        settled = true;
        inFlight.delete(req);
        resolve(result);
      };
      const req = httpRequest(
        {
          protocol: base.protocol,
          hostname: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port,
          method,
          path,
          agent: false,
          headers: {
            accept: 'application/json',
            ...(payload
              ? { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (!res.complete) {
              return settle({ kind: 'failed', connected: true, code: 'ECONNRESET', timedOut });
            }
            let parsed: unknown;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              parsed = null;
            }
            settle({ kind: 'response', status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', (err: NodeJS.ErrnoException) =>
            settle({ kind: 'failed', connected: true, code: err.code ?? 'ECONNRESET', timedOut }),
          );
        },
      );
      inFlight.add(req);
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      req.setTimeout(timeout, () => {
        timedOut = true;
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      });
      req.on('error', (err: NodeJS.ErrnoException) =>
        settle({ kind: 'failed', connected, code: err.code ?? 'EUNKNOWN', timedOut }),
      );
      req.end(payload);
    });
  }

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    if (closed) return { kind: 'offline', message: 'Forbindelsen til sandkassen er lukket.' };
    const result = await call(
      'POST',
      '/messages',
      {
        messageUUID: message.messageUUID,
        channel: message.channel,
        memoXml: message.memoXml,
        ...(message.postalAddress ? { postalAddress: message.postalAddress } : {}),
      },
      timeoutMs,
    );
    if (result.kind === 'failed') {
      if (!result.connected && !result.timedOut && NOT_CONNECTED_CODES.has(result.code)) {
        return {
          kind: 'offline',
          message: `Sandkassen kan ikke nås (${result.code}); afsendelsen venter og prøves igen.`,
        };
      }
      if (!result.connected) {
        // No connection was made (connect timeout or an unexpected error before it): nothing left this machine.
        return { kind: 'offline', message: `Sandkassen kan ikke nås (${result.code}).` };
      }
      return {
        kind: 'interrupted',
        message: result.timedOut
          ? `Sandkassen svarede ikke inden for ${Math.round(timeoutMs / 1000)} sekunder; meddelelsen er måske modtaget og slås op.`
          : `Forbindelsen til sandkassen blev afbrudt (${result.code}); meddelelsen er måske modtaget og slås op.`,
      };
    }
    const { status, body } = result;
    if (status >= 200 && status < 300) {
      const receipt = readReceipt(body);
      if (receipt) return { kind: 'accepted', receipt };
      // Taken, but without a readable receipt: only a look-up can say.
      return {
        kind: 'interrupted',
        message: 'Sandkassen tog imod meddelelsen, men kvitteringen kunne ikke læses; den slås op.',
      };
    }
    if (status === 409 && (body as { error?: unknown } | null)?.error === 'duplicate') {
      const receipt = readReceipt(body);
      if (receipt && (body as { sameContent?: unknown }).sameContent !== false) {
        // A retry of a message that already arrived (its first answer was lost): the first receipt stands.
        return { kind: 'accepted', receipt };
      }
      return {
        kind: 'rejected',
        message:
          'Sandkassen har allerede en anden meddelelse med samme id (messageUUID). Et id må aldrig bære to ' +
          'forskellige meddelelser.',
      };
    }
    if (status >= 400 && status < 500) {
      return { kind: 'rejected', message: `Sandkassen afviste meddelelsen (${status}): ${serverText(body)}` };
    }
    return {
      kind: 'server_error',
      message: `Sandkassen svarede med en fejl (${status}): ${serverText(body)}`,
    };
  }

  /**
   * `unreachable` when the sandbox could not be asked just now (not running, the connection failed, a timeout, a 5xx,
   * an answer that cannot be read): the outbox asks again later. `unavailable` only for `501`: a sandbox started
   * without look-up, which can never say whether a message arrived.
   */
  async function lookup(messageUUID: string): Promise<LookupOutcome> {
    if (closed) return { kind: 'unreachable', message: 'Forbindelsen til sandkassen er lukket.' };
    const result = await call(
      'GET',
      `/messages/${encodeURIComponent(messageUUID)}`,
      undefined,
      lookupTimeoutMs,
    );
    if (result.kind === 'failed') {
      return {
        kind: 'unreachable',
        message: result.timedOut
          ? 'Sandkassen svarede ikke på opslaget i tide; der spørges igen senere.'
          : `Sandkassen kan ikke nås (${result.code}); der spørges igen senere.`,
      };
    }
    if (result.status === 404) return { kind: 'not_received' };
    if (result.status === 501) {
      return {
        kind: 'unavailable',
        message: `Sandkassen kan ikke slå meddelelser op: ${serverText(result.body)}`,
      };
    }
    const receipt = result.status === 200 ? readReceipt(result.body) : null;
    if (receipt) return { kind: 'delivered', receipt };
    return {
      kind: 'unreachable',
      message: `Sandkassen kunne ikke svare på opslaget (${result.status}); der spørges igen senere.`,
    };
  }

  async function health(): Promise<{ ok: boolean; message: string }> {
    if (closed) return { ok: false, message: 'Forbindelsen til sandkassen er lukket.' };
    const result = await call('GET', '/health', undefined, lookupTimeoutMs);
    if (result.kind === 'response' && result.status === 200) {
      return { ok: true, message: `Sandkassen kører på ${base.host}.` };
    }
    const detail = result.kind === 'failed' ? result.code : String(result.status);
    return { ok: false, message: `Sandkassen på ${base.host} svarer ikke (${detail}).` };
  }

  async function close(): Promise<void> {
    closed = true;
    // Requests already under way are allowed to finish (their answers matter to the outbox).
    const pending = [...inFlight].map((req) => new Promise((resolve) => req.once('close', resolve)));
    await Promise.allSettled(pending);
  }

  return { kind: 'sandbox', send, lookup, health, close };
}

function readReceipt(body: unknown): Receipt | null {
  const r = (body as { receipt?: unknown } | null)?.receipt as Record<string, unknown> | undefined;
  if (!r || typeof r.receivedAt !== 'string' || typeof r.text !== 'string') return null;
  return {
    reference: typeof r.reference === 'string' ? r.reference : null,
    receivedAt: r.receivedAt,
    text: r.text,
  };
}

function serverText(body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message.slice(0, 200) : 'intet svar';
}
