import { createInterface } from 'node:readline';
import type { Connector } from '../../../src/backend/connectors/connector';
import { createSandboxConnector } from '../../../src/backend/connectors/sandbox/sandbox.connector';
import { openStore } from '../../../src/backend/db/store';
import { systemClock, type Logger } from '../../../src/backend/ports';
import { createAuditService } from '../../../src/backend/services/audit.service';
import { createOutboxWorker } from '../../../src/backend/services/outbox-worker';
import { createOutboxService } from '../../../src/backend/services/outbox.service';
import { FakeKeyStore, fakeUser } from '../../support/fakes';

/**
 * One process of the two-process test in outbox-worker.test.ts: it opens the store in OUTBOX_DATA_DIR (key secret
 * OUTBOX_KEY, hex, for the test's FakeKeyStore) and runs the outbox worker against the sandbox at SANDBOX_URL, as the
 * app and a CLI run would side by side. It reports on stdout, one JSON object a line: `ready` once the store is
 * open; `send` just before each request to the sandbox; `log` for each worker log line; `done` once every row in the
 * store is sent, after the worker has given the lease back. It starts the worker when "go" arrives on stdin.
 */

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const print = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...event })}\n`);
};

const logger: Logger = {
  info: (name, fields) => print({ event: 'log', level: 'info', name, ...fields }),
  warn: (name, fields) => print({ event: 'log', level: 'warn', name, ...fields }),
  error: (name, fields) => print({ event: 'log', level: 'error', name, ...fields }),
};

async function main(): Promise<void> {
  const store = openStore({
    dataDir: env('OUTBOX_DATA_DIR'),
    keyStore: new FakeKeyStore(Buffer.from(env('OUTBOX_KEY'), 'hex')),
    logger,
  });
  const audit = createAuditService(store.db, systemClock, fakeUser(`worker ${process.pid}`), () => {});
  // No timeout worth the name: a request the sandbox never answers stays in flight until this process is killed.
  const sandbox = createSandboxConnector({ baseUrl: env('SANDBOX_URL'), timeoutMs: 600_000 });
  const sent: string[] = [];
  const connector: Connector = {
    kind: sandbox.kind,
    async send(message) {
      print({ event: 'send', uuid: message.messageUUID });
      const outcome = await sandbox.send(message);
      if (outcome.kind === 'accepted') sent.push(message.messageUUID);
      return outcome;
    },
    lookup: (uuid) => sandbox.lookup(uuid),
    health: () => sandbox.health(),
    close: () => sandbox.close(),
  };
  const outbox = createOutboxService({ db: store.db, audit, clock: systemClock, connector });
  const worker = createOutboxWorker({
    db: store.db,
    outbox,
    clock: systemClock,
    logger,
    pollMs: 20,
    heartbeatMs: 200,
  });

  const lines = createInterface({ input: process.stdin });
  print({ event: 'ready' });
  await new Promise<void>((resolve) => lines.on('line', (line) => line.trim() === 'go' && resolve()));
  lines.close();

  worker.start();
  // The other process's progress is only in the store: look at it until every row is sent.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (outbox.list().every((item) => item.entry.state === 'sent')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await worker.close();
  store.close();
  await connector.close();
  print({ event: 'done', sent });
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  print({ event: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
