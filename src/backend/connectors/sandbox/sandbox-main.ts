import { parseArgs } from 'node:util';
import { startSandboxServer, type SandboxServer } from './sandbox-server';

/**
 * The sandbox as its own process (docs/connectors.md, "sandbox"):
 *
 *   node --import tsx src/backend/connectors/sandbox/sandbox-main.ts --data-dir DIR [--port N] [--allow-duplicates]
 *
 * Once listening it prints one JSON line on stdout, `{"event":"listening","host":…,"port":…,"url":…}`, and sends the
 * same object over IPC when it has a parent channel (fork). SIGTERM, SIGINT or a `{ "type": "stop" }` IPC message
 * close it; it exits 0. A start that fails prints `{"event":"error","message":…}` and exits 1.
 */

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-duplicates': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir || !Number.isInteger(port) || port < 0 || port > 65535) {
    return fail('Usage: sandbox-main --data-dir DIR [--port N] [--host 127.0.0.1] [--allow-duplicates]');
  }

  let server: SandboxServer | null = null;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (server ? server.close() : Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === 'stop') stop();
  });
  // With IPC, the parent going away ends the sandbox too (no orphaned servers after a test run).
  process.on('disconnect', stop);

  startSandboxServer({
    port,
    host: values.host ?? '127.0.0.1',
    dataDir,
    refuseDuplicates: !values['allow-duplicates'],
  }).then(
    (started) => {
      server = started;
      const event = { event: 'listening', host: started.host, port: started.port, url: started.url };
      process.stdout.write(`${JSON.stringify(event)}\n`);
      if (process.send) process.send(event);
    },
    (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
  );
}

function fail(message: string): never {
  process.stdout.write(`${JSON.stringify({ event: 'error', message })}\n`);
  process.exit(1);
}

main();
