import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import { precheckBinary } from '../../src/backend/dispatch';
import type { Clock, CurrentUser, KeyStore, Logger } from '../../src/backend/ports';
import { defByChannel, MAX_JSON_BODY_BYTES } from '../../src/shared/contract';
import { fail } from '../../src/shared/result';
import { FakeKeyStore, demoDateClock } from '../support/fakes';
import { BRIDGE_PATH, bridgeSource } from './bridge-source';
import {
  baseHeaders,
  declaredLength,
  mediaType,
  readBody,
  refuse,
  sendResult,
  sendText,
  TOO_LARGE,
} from './http-io';
import { CONTENT_TYPES, createStaticHandler } from './static-files';

export { BRIDGE_PATH, BRIDGE_TAG, withBridge } from './bridge-source';

/**
 * The test and development host of the app without Electron: the production renderer build, unchanged, over HTTP,
 * and the real backend behind `/__api/<channel>` and `/__events`, with a page script (`/__harness/bridge.js`) that
 * gives the window the same `window.api` as the preload. Only the transport and the ports differ from the app.
 */

export interface HarnessOptions {
  /** Defaults to a fresh temp dir, deleted again by close(). */
  dataDir?: string;
  /** Defaults to a FakeKeyStore unless a passphrase is given. */
  keyStore?: KeyStore;
  passphrase?: string;
  /** Defaults to 0: any free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to true. */
  seedDemoData?: boolean;
  /** Defaults to <repo>/out/renderer. */
  rendererDir?: string;
  /** A fixed identity instead of users who sign in (the CLI's mode); absent, people sign in as in the app. */
  currentUser?: CurrentUser;
  clock?: Clock;
  logger?: Logger;
  /**
   * Run the outbox worker and open the connector of the settings (the sandbox process by default), as the app does.
   * Default false: e2e tests accept sends without delivering them; `npm run web` turns it on.
   */
  runOutbox?: boolean;
  /** IT's machine-wide settings file (locks); none when absent. */
  machineSettingsPath?: string;
  /** A policy pack file instead of the built-in default (e.g. one in audit-only mode). */
  policyFile?: string;
  /** How often the shared folder of approvals is read (default the app's 15 s; the two-desk test uses less). */
  approvalSyncMs?: number;
}

export interface Harness {
  /** With a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly dataDir: string;
  readonly backend: Backend;
  /** How many event streams are open: lets a test wait until the page is subscribed instead of sleeping. */
  eventStreamCount(): number;
  close(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

const SSE_HEARTBEAT_MS = 15_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the harness. Fails with "run npm run build first" when the renderer build is missing. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'));
  const indexPath = join(rendererDir, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(`The renderer build is missing (${indexPath} does not exist): run npm run build first.`);
  }
  const serveStatic = await createStaticHandler(rendererDir);
  const bridge = bridgeSource();
  const appVersion = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sendeassistent-harness-')));
  if (!ownsDataDir) await mkdir(dataDir, { recursive: true });

  let backend: Backend;
  try {
    backend = createBackend({
      dataDir,
      resourcesDir: join(REPO_ROOT, 'resources'),
      keyStore: options.keyStore ?? (options.passphrase === undefined ? new FakeKeyStore() : undefined),
      passphrase: options.passphrase,
      // The demo cases are written for the demo date (docs/demo-data.md); time runs on from it at real speed.
      clock: options.clock ?? demoDateClock(),
      logger: options.logger,
      ...(options.currentUser ? { currentUser: options.currentUser } : {}),
      seedDemoData: options.seedDemoData ?? true,
      appVersion,
      runOutbox: options.runOutbox ?? false,
      ...(options.machineSettingsPath ? { machineSettingsPath: options.machineSettingsPath } : {}),
      ...(options.policyFile ? { policyFile: options.policyFile } : {}),
      ...(options.approvalSyncMs ? { approvalSyncMs: options.approvalSyncMs } : {}),
    });
  } catch (err) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  const host = options.host ?? '127.0.0.1';
  const streams = new Set<ServerResponse>();
  let allowedHosts: Set<string> | null = null;

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(req, res, 'NOT_FOUND', 405);
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return refuse(req, res, 'NOT_FOUND');
    }
    const def = defByChannel(channel);
    if (!def) return refuse(req, res, 'NOT_FOUND');
    const contentType = req.headers['content-type'] ?? null;
    const length = declaredLength(req);

    if (def.kind === 'binary') {
      // Type, declared size and emptiness are judged before a byte of the body is read.
      const pre = precheckBinary(def, contentType, length);
      if (pre) return refuse(req, res, pre);
      let meta: unknown;
      const metaHeader = req.headers['x-api-meta'];
      if (typeof metaHeader === 'string') {
        try {
          meta = JSON.parse(decodeURIComponent(metaHeader));
        } catch {
          return refuse(req, res, 'VALIDATION_FAILED');
        }
      }
      const body = await readBody(req, def.maxBytes);
      if (body === TOO_LARGE) return refuse(req, res, 'PAYLOAD_TOO_LARGE');
      return sendResult(res, 200, await backend.dispatcher.binary(channel, body, meta, contentType));
    }

    // Requiring application/json also means a page on another origin cannot post here without a CORS preflight,
    // which this server never grants: `npm run web` holds real (if fictitious) data.
    if (mediaType(contentType ?? undefined) !== 'application/json')
      return refuse(req, res, 'UNSUPPORTED_MEDIA_TYPE');
    if (length !== null && length > MAX_JSON_BODY_BYTES) return refuse(req, res, 'PAYLOAD_TOO_LARGE');
    const body = await readBody(req, MAX_JSON_BODY_BYTES);
    if (body === TOO_LARGE) return refuse(req, res, 'PAYLOAD_TOO_LARGE');
    let input: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      // An empty body stands for `undefined`, which is what IPC delivers for a call without an argument.
      input = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      return refuse(req, res, 'VALIDATION_FAILED');
    }
    return sendResult(res, 200, await backend.dispatcher.json(channel, input));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET' });
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    // The comment line makes the browser's EventSource report the stream open at once.
    res.write(': connected\n\n');
    const unsubscribe = backend.onEvent((name, payload) => {
      // JSON.stringify never emits a raw newline, so the payload is always one `data:` line.
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(res);
    });
  }

  /** Blocks DNS rebinding (a foreign site resolving its name to 127.0.0.1) and cross-origin calls to the API. */
  function refusedAsForeign(req: IncomingMessage, pathname: string): boolean {
    if (allowedHosts && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) return true;
    if (pathname.startsWith('/__api/') || pathname === '/__events') {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return true;
    }
    return false;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    const pathname = new URL(req.url ?? '/', 'http://harness.invalid').pathname;
    if (refusedAsForeign(req, pathname)) return refuse(req, res, 'FORBIDDEN');
    if (pathname.startsWith('/__api/')) return handleApi(req, res, pathname.slice('/__api/'.length));
    if (pathname === '/__events') return handleEvents(req, res);
    if (pathname === BRIDGE_PATH) {
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES['.js']!,
        'Content-Length': Buffer.byteLength(bridge),
      });
      return void res.end(req.method === 'HEAD' ? undefined : bridge);
    }
    if (pathname.startsWith('/__')) return sendText(res, 404, 'Not Found');
    return serveStatic(req, res, pathname);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      options.logger?.error('harness.request_failed', {
        error: err instanceof Error ? err.name : typeof err,
      });
      if (res.headersSent) res.destroy();
      else sendResult(res, 500, fail('INTERNAL'));
    });
  });

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (err) {
    backend.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  const { port } = server.address() as AddressInfo;
  if (LOOPBACK_HOSTS.has(host)) {
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/`,
    dataDir,
    backend,
    eventStreamCount: () => streams.size,
    close() {
      closing ??= (async () => {
        for (const stream of streams) stream.end();
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        });
        // Lets a send under way finish and stops the sandbox process (at once when the outbox does not run here).
        await backend.shutdown();
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
