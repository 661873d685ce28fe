import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The sandbox (docs/connectors.md, "sandbox"): a local simulated Digital Post, run as its own process on 127.0.0.1
 * with its own storage. It stores each message (one JSON file per UUID, written atomically), answers look-ups by
 * UUID (unless started without look-up), appends every delivery attempt to a JSONL log (the crash suite counts
 * deliveries per UUID from it) and reports it to `onAttempt`, and can be told to fail the next N deliveries (5xx, 4xx,
 * hang, store and then drop the connection, or store and then never answer).
 */

export interface SandboxServerOptions {
  /** 0 for a free port. */
  port: number;
  /** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string;
  /** The sandbox's own storage: `messages/<uuid>.json` and `attempts.jsonl`. Created if missing. */
  dataDir: string;
  /** On (the default, as Digital Post): a second POST of a UUID is answered 409 with the first receipt and not stored. */
  refuseDuplicates?: boolean;
  /** Largest request body accepted, in bytes (default 64 MiB: a MeMo with its PDF in base64). */
  maxBodyBytes?: number;
  /**
   * On (the default): `GET /messages/<uuid>` answers. Off: it answers `501 lookup_unavailable`, a Digital Post that
   * cannot be asked whether a message arrived (the crash suite's run "with look-up switched off").
   */
  lookup?: boolean;
  /**
   * Called with each attempt once its line is in `attempts.jsonl`, before the answer is written (so an observer
   * knows a stored message is on disk). Must not throw; if it does, the error is ignored.
   */
  onAttempt?: (attempt: SandboxAttempt) => void;
  clock?: () => Date;
}

export interface SandboxServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export type SandboxFaultMode = 'fail_5xx' | 'fail_4xx' | 'hang' | 'accept_then_drop' | 'store_then_hang';

/**
 * One line of `attempts.jsonl`. `delivered` is true when this attempt stored the message (a new delivery). `status`
 * is the HTTP status of the answer (for the `…_then_dropped` outcomes, the answer that was lost); null when no answer
 * is ever written (`fault_hang`, the `…_then_hung` outcomes).
 */
export interface SandboxAttempt {
  time: string;
  uuid: string | null;
  outcome:
    | 'stored'
    | 'stored_then_dropped'
    | 'duplicate_refused'
    | 'duplicate_refused_then_dropped'
    | 'stored_then_hung'
    | 'duplicate_refused_then_hung'
    | 'invalid'
    | 'fault_5xx'
    | 'fault_4xx'
    | 'fault_hang';
  delivered: boolean;
  status: number | null;
}

/** What happens after a delivery is handled: answer it, destroy the connection, or never answer. */
type AfterHandling = 'answer' | 'drop' | 'hang';

export interface SandboxReceipt {
  reference: string;
  receivedAt: string;
  text: string;
}

/** `messages/<uuid>.json`. */
export interface SandboxStoredMessage {
  messageUUID: string;
  channel: 'digital' | 'physical' | 'auto';
  postalAddress?: { name: string; street: string; postalCode: string; city: string };
  memoXml: string;
  sha256: string;
  /** The first delivery's receipt: what look-ups and refused duplicates answer with. */
  receipt: SandboxReceipt;
  /** Every stored delivery (more than one only with duplicate refusal off). */
  deliveries: SandboxReceipt[];
}

export const ATTEMPT_LOG = 'attempts.jsonl';
export const MESSAGES_DIR = 'messages';

const UUID_V4 = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const postalAddressSchema = z.object({
  name: z.string().min(1),
  street: z.string().min(1),
  postalCode: z.string().min(1),
  city: z.string().min(1),
});
const messageBodySchema = z.object({
  messageUUID: z.string().regex(UUID_V4),
  channel: z.enum(['digital', 'physical', 'auto']),
  memoXml: z.string().min(1),
  postalAddress: postalAddressSchema.optional(),
});
const faultBodySchema = z.strictObject({
  mode: z.enum(['fail_5xx', 'fail_4xx', 'hang', 'accept_then_drop', 'store_then_hang']),
  times: z.number().int().min(0).max(1_000_000),
});

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The sandbox listens on loopback only, not on ${host}.`);
  const dataDir = options.dataDir;
  const messagesDir = join(dataDir, MESSAGES_DIR);
  const attemptLog = join(dataDir, ATTEMPT_LOG);
  const refuseDuplicates = options.refuseDuplicates ?? true;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const lookupEnabled = options.lookup ?? true;
  const onAttempt = options.onAttempt;
  const clock = options.clock ?? (() => new Date());
  await mkdir(messagesDir, { recursive: true });

  let fault: { mode: SandboxFaultMode; remaining: number } | null = null;
  /** Deliveries of one UUID run one after the other (check, then store). */
  const locks = new Map<string, Promise<unknown>>();
  let logChain: Promise<unknown> = Promise.resolve();
  const sockets = new Set<Socket>();

  function logAttempt(attempt: Omit<SandboxAttempt, 'time'>): Promise<void> {
    const entry: SandboxAttempt = { time: clock().toISOString(), ...attempt };
    const line = `${JSON.stringify(entry)}\n`;
    const next = logChain
      .then(() => appendFile(attemptLog, line, 'utf8'))
      .then(() => {
        try {
          onAttempt?.(entry);
        } catch {
          // An observer's failure is not the delivery's.
        }
      });
    logChain = next.catch(() => undefined);
    return next;
  }

  function takeFault(): SandboxFaultMode | null {
    if (!fault || fault.remaining <= 0) return null;
    fault.remaining -= 1;
    const mode = fault.mode;
    if (fault.remaining === 0) fault = null;
    return mode;
  }

  async function readStored(id: string): Promise<SandboxStoredMessage | null> {
    try {
      return JSON.parse(await readFile(join(messagesDir, `${id}.json`), 'utf8')) as SandboxStoredMessage;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async function writeStored(id: string, stored: SandboxStoredMessage): Promise<void> {
    const target = join(messagesDir, `${id}.json`);
    const tmp = join(messagesDir, `.${id}.json.tmp-${process.pid}-${randomUUID()}`);
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(stored, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    if (process.platform !== 'win32') {
      const dir = await open(messagesDir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }

  async function handleDelivery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mode = takeFault();
    /**
     * accept_then_drop and store_then_hang: the delivery is handled as usual and whatever was done stays done; only
     * the answer is lost. `drop` destroys the connection; `hang` writes nothing and leaves it open until the client
     * gives up or the server closes.
     */
    const after: AfterHandling =
      mode === 'accept_then_drop' ? 'drop' : mode === 'store_then_hang' ? 'hang' : 'answer';
    const answer = (status: number, body: unknown): void => {
      if (after === 'drop') res.socket?.destroy();
      else if (after === 'answer') sendJson(res, status, body);
    };
    /** The status logged for an answer that is never written is null. */
    const logged = (status: number): number | null => (after === 'hang' ? null : status);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxBodyBytes)).toString('utf8'));
    } catch (err) {
      const tooLarge = err instanceof BodyTooLarge;
      await logAttempt({
        uuid: null,
        outcome: 'invalid',
        delivered: false,
        status: logged(tooLarge ? 413 : 400),
      });
      return tooLarge
        ? answer(413, { error: 'too_large', message: 'Meddelelsen er for stor.' })
        : answer(400, { error: 'invalid', message: 'Forespørgslen er ikke gyldig JSON.' });
    }
    const claimed = (body as { messageUUID?: unknown } | null)?.messageUUID;
    const uuidInBody = typeof claimed === 'string' ? claimed.toLowerCase() : null;
    if (mode === 'hang') {
      // Nothing stored, nothing answered; the socket stays open until the client gives up or the server closes.
      await logAttempt({ uuid: uuidInBody, outcome: 'fault_hang', delivered: false, status: null });
      return;
    }
    if (mode === 'fail_5xx') {
      await logAttempt({ uuid: uuidInBody, outcome: 'fault_5xx', delivered: false, status: 503 });
      return answer(503, { error: 'fault', message: 'Sandkassen svarer med en fejl (indstillet).' });
    }
    if (mode === 'fail_4xx') {
      await logAttempt({ uuid: uuidInBody, outcome: 'fault_4xx', delivered: false, status: 400 });
      return answer(400, { error: 'fault', message: 'Sandkassen afviser meddelelsen (indstillet).' });
    }

    const parsed = messageBodySchema.safeParse(body);
    if (!parsed.success) {
      await logAttempt({ uuid: uuidInBody, outcome: 'invalid', delivered: false, status: logged(400) });
      return answer(400, {
        error: 'invalid',
        message: 'Forespørgslen mangler felter eller har ugyldige værdier.',
      });
    }
    const refusal = checkMessage(parsed.data);
    if (refusal) {
      await logAttempt({ uuid: uuidInBody, outcome: 'invalid', delivered: false, status: logged(400) });
      return answer(400, { error: 'invalid', message: refusal });
    }
    const message = parsed.data;
    const id = message.messageUUID.toLowerCase();

    const previous = locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => deliver(id, message, after));
    locks.set(id, run);
    try {
      const result = await run;
      answer(result.status, result.body);
    } finally {
      if (locks.get(id) === run) locks.delete(id);
    }
  }

  async function deliver(
    id: string,
    message: z.output<typeof messageBodySchema>,
    after: AfterHandling,
  ): Promise<{ status: number; body: unknown }> {
    const sha256 = createHash('sha256').update(message.memoXml, 'utf8').digest('hex');
    const existing = await readStored(id);
    if (existing && refuseDuplicates) {
      await logAttempt({
        uuid: id,
        outcome:
          after === 'drop'
            ? 'duplicate_refused_then_dropped'
            : after === 'hang'
              ? 'duplicate_refused_then_hung'
              : 'duplicate_refused',
        delivered: false,
        status: after === 'hang' ? null : 409,
      });
      return {
        status: 409,
        body: {
          error: 'duplicate',
          message: 'Meddelelsen med dette id er allerede modtaget.',
          sameContent: existing.sha256 === sha256,
          receipt: existing.receipt,
        },
      };
    }
    const receipt: SandboxReceipt = {
      reference: `SANDBOX-${randomUUID()}`,
      receivedAt: clock().toISOString(),
      text: message.channel === 'physical' ? 'Afleveret til Fysisk Post' : 'Afleveret til Digital Post',
    };
    const stored: SandboxStoredMessage = existing
      ? { ...existing, deliveries: [...existing.deliveries, receipt] }
      : {
          messageUUID: id,
          channel: message.channel,
          ...(message.postalAddress ? { postalAddress: message.postalAddress } : {}),
          memoXml: message.memoXml,
          sha256,
          receipt,
          deliveries: [receipt],
        };
    await writeStored(id, stored);
    await logAttempt({
      uuid: id,
      outcome: after === 'drop' ? 'stored_then_dropped' : after === 'hang' ? 'stored_then_hung' : 'stored',
      delivered: true,
      status: after === 'hang' ? null : 201,
    });
    return { status: 201, body: { receipt } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/health') {
      return sendJson(res, 200, { ok: true, message: 'Sandkassen kører.' });
    }
    if (req.method === 'POST' && path === '/messages') return handleDelivery(req, res);
    const lookup = /^\/messages\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && lookup) {
      if (!lookupEnabled) {
        return sendJson(res, 501, {
          error: 'lookup_unavailable',
          message: 'Sandkassen er startet uden opslag; den kan ikke svare på, om en meddelelse er modtaget.',
        });
      }
      const id = decodeURIComponent(lookup[1] ?? '');
      if (!UUID_V4.test(id)) return sendJson(res, 404, { error: 'not_found' });
      const stored = await readStored(id.toLowerCase());
      if (!stored) return sendJson(res, 404, { error: 'not_found' });
      return sendJson(res, 200, { receipt: stored.receipt, channel: stored.channel });
    }
    if (req.method === 'POST' && path === '/__faults') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, 4096)).toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'invalid' });
      }
      const parsed = faultBodySchema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid' });
      fault = parsed.data.times > 0 ? { mode: parsed.data.mode, remaining: parsed.data.times } : null;
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'Sandkassen fejlede internt.' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The sandbox has no TCP address.');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await logChain;
    },
  };
}

/** The XML must carry the same UUID; Fysisk Post needs an address. */
function checkMessage(message: z.output<typeof messageBodySchema>): string | null {
  const inXml = /<(?:[\w.-]+:)?messageUUID>\s*([^<]*?)\s*<\/(?:[\w.-]+:)?messageUUID>/.exec(
    message.memoXml,
  )?.[1];
  if (inXml === undefined || inXml.toLowerCase() !== message.messageUUID.toLowerCase()) {
    return 'Meddelelsens id (messageUUID) i MeMo-XML stemmer ikke med forespørgslens id.';
  }
  if (message.channel === 'physical' && !message.postalAddress) {
    return 'Fysisk Post kræver modtagerens postadresse.';
  }
  return null;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.end(text);
}
