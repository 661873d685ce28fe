/**
 * `npm run web`: the real app (production renderer build and real backend) in any browser, for working where the
 * Electron binary cannot run. A development tool, not a way to deploy: it binds to 127.0.0.1 only and keeps its
 * data in a persistent folder whose key is opened through its passphrase wrap.
 *
 *   SENDEASSISTENT_PASSPHRASE=…  [SENDEASSISTENT_DATA_DIR=…]  [PORT=5180]  npm run web
 */
import { join, resolve } from 'node:path';
import type { Logger } from '../../src/backend/ports';
import { MIN_PASSPHRASE_LENGTH } from '../../src/backend/keys/key-file';
import { AppError } from '../../src/shared/result';
import { startHarness, type Harness } from './serve';

const DEFAULT_PORT = 5180;

function exitWith(code: number, message: string): never {
  process.stderr.write(`npm run web: ${message}\n`);
  process.exit(code);
}

/** The backend's log lines carry no personal data by contract, so they can go to the terminal as they are. */
const stderrLogger: Logger = {
  info: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'info', event, ...fields })}\n`),
  warn: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`),
  error: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`),
};

async function main(): Promise<void> {
  const passphrase = process.env.SENDEASSISTENT_PASSPHRASE;
  if (!passphrase) {
    exitWith(
      2,
      'SENDEASSISTENT_PASSPHRASE is not set. The web mode opens its store with a passphrase (there is no OS key ' +
        'store here); set it in the environment, never on the command line, e.g.\n' +
        '  read -rs SENDEASSISTENT_PASSPHRASE && export SENDEASSISTENT_PASSPHRASE && npm run web',
    );
  }

  const portText = process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    exitWith(2, `PORT must be a number from 1 to 65535, not "${portText}".`);

  const dataDir = resolve(process.env.SENDEASSISTENT_DATA_DIR ?? join(__dirname, '..', '..', 'data', 'web'));

  let harness: Harness;
  try {
    harness = await startHarness({
      dataDir,
      passphrase,
      port,
      host: '127.0.0.1',
      seedDemoData: true,
      // People sign in, as in the app (the demo users of docs/demo-data.md on a new store).
      logger: stderrLogger,
      // Sends go out from here, through the connector of the settings (the sandbox process by default).
      runOutbox: true,
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
      // The only input here is the passphrase: a new store refuses one that is too short.
      exitWith(
        2,
        `the passphrase was refused: a new store needs a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
      );
    }
    if (err instanceof AppError) {
      exitWith(1, `could not open the store in ${dataDir}: ${err.code}: ${err.message}`);
    }
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      exitWith(1, `port ${port} is in use; choose another with PORT=…`);
    }
    exitWith(1, err instanceof Error ? err.message : String(err));
  }

  process.stdout.write(
    `Sendeassistent (development web mode) is running at ${harness.url}\n` +
      `Data: ${dataDir}\n` +
      'Stop with Ctrl+C.\n',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    harness.close().then(
      () => process.exit(0),
      (err: unknown) => exitWith(1, `stopping failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
