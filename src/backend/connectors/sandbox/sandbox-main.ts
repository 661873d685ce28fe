import { parseArgs } from 'node:util';
import { startSandboxServer, type SandboxAttempt, type SandboxServer } from './sandbox-server';

/**
 * The sandbox as its own process (docs/connectors.md, "sandbox"):
 *
 *   node --import tsx src/backend/connectors/sandbox/sandbox-main.ts --data-dir DIR [--port N] [--allow-duplicates]
 *     [--no-lookup] [--report-attempts]
 *
 * Once listening it prints one JSON line on stdout, `{"event":"listening","host":…,"port":…,"url":…}`, and sends the
 * same object to its parent when it has a channel: `process.send` under `fork` with IPC, `process.parentPort` in an
 * Electron utilityProcess. With `--report-attempts` every delivery attempt is reported as
 * `{"event":"attempt",…attempt}` once it is in the attempt log: over the channel, or as a stdout line without one.
 * SIGTERM, SIGINT, a `{ "type": "stop" }` message on the channel, or (under fork) the IPC channel closing stop it;
 * it exits 0. A start that fails prints `{"event":"error","message":…}` and exits 1.
 */

/** The way to the parent, if there is one. */
interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * As the PDF worker's `processPort` (src/backend/documents/worker-runtime.ts), which is not imported here because
 * its module loads pdf.js: `process.parentPort` in a utilityProcess, `process.send` under fork with IPC, otherwise
 * none (run from a terminal). Under fork the parent going away (`disconnect`) stops the sandbox; a utilityProcess
 * ends with the app that started it.
 */
function parentChannel(onDisconnect: () => void): ParentChannel | null {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) return null;
  process.on('disconnect', onDisconnect);
  return {
    send: (message) => void process.send?.(message),
    onMessage: (listener) => void process.on('message', listener),
  };
}

const USAGE =
  'Usage: sandbox-main --data-dir DIR [--port N] [--host 127.0.0.1] [--allow-duplicates] [--no-lookup] ' +
  '[--report-attempts]';

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-duplicates': { type: 'boolean', default: false },
      'no-lookup': { type: 'boolean', default: false },
      'report-attempts': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir || !Number.isInteger(port) || port < 0 || port > 65535) return fail(USAGE);

  let server: SandboxServer | null = null;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (server ? server.close() : Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const channel = parentChannel(stop);
  channel?.onMessage((message) => {
    if ((message as { type?: unknown } | null)?.type === 'stop') stop();
  });
  /** To the parent when there is a channel, otherwise a stdout line. */
  const report = (event: object): void => {
    if (channel) channel.send(event);
    else process.stdout.write(`${JSON.stringify(event)}\n`);
  };

  startSandboxServer({
    port,
    host: values.host ?? '127.0.0.1',
    dataDir,
    refuseDuplicates: !values['allow-duplicates'],
    lookup: !values['no-lookup'],
    ...(values['report-attempts']
      ? { onAttempt: (attempt: SandboxAttempt) => report({ event: 'attempt', ...attempt }) }
      : {}),
  }).then(
    (started) => {
      server = started;
      const event = { event: 'listening', host: started.host, port: started.port, url: started.url };
      // Always on stdout (for a person or a script reading it), and to the parent when there is one.
      process.stdout.write(`${JSON.stringify(event)}\n`);
      channel?.send(event);
    },
    (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
  );
}

function fail(message: string): never {
  process.stdout.write(`${JSON.stringify({ event: 'error', message })}\n`);
  process.exit(1);
}

main();
