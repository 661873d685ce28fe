import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MOCK_ATTEMPT_LOG,
  startSf1601Mock,
  type KombiAttempt,
  type KombiFault,
  type Sf1601Mock,
} from './sf1601-mock';
import { createTestPki, type TestPki } from './test-pki';

/**
 * The SF1601 mock as its own process, for the crash suite (which kills the sender, not the service):
 *
 *   node --import tsx test/support/sf1601-mock-main.ts [--pki-dir DIR] [--port N] [--cvr 12345678]
 *     [--enrolled 3001104209,…] [--data-dir DIR] [--report-attempts]
 *
 * `--pki-dir`: make the test PKI there (kept: the parent reads the certificates from it); without it, in a temporary
 * folder removed at exit. `--data-dir`: append every KombiPostAfsend attempt to `DIR/attempts.jsonl` (as the
 * sandbox does). Once listening it prints one JSON line on stdout and sends the same object over IPC when forked:
 *
 *   {"event":"listening","port":…,"urls":{sts,accessToken,kombiPostAfsend,postForespoerg},
 *    "pki":{"dir","caFile","clientP12File","clientPassword"}}
 *
 * With `--report-attempts` each attempt is reported as `{"event":"attempt",…attempt}` (IPC, or stdout without it).
 * Messages over IPC: `{type:'fault', mode, times}` (answered `{event:'fault', mode, times}` once set),
 * `{type:'digitalPost', id, enrolled}` (answered `{event:'digitalPost', id, enrolled}`), `{type:'stop'}`.
 * SIGTERM, SIGINT, `stop` or the IPC channel closing stop it with exit code 0; a failed start prints
 * `{"event":"error","message":…}` and exits 1.
 */

const FAULTS: readonly KombiFault[] = ['fail_5xx', 'fail_4xx', 'fail_401', 'result_false', 'reset', 'hang'];

function main(): void {
  const { values } = parseArgs({
    options: {
      'pki-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      cvr: { type: 'string' },
      enrolled: { type: 'string', default: '' },
      'data-dir': { type: 'string' },
      'report-attempts': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('--port must be 0–65535');

  const ownPki = values['pki-dir'] ? null : mkdtempSync(join(tmpdir(), 'sendeassistent-sf1601-mock-'));
  let mock: Sf1601Mock | null = null;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (mock ? mock.close() : Promise.resolve()).finally(() => {
      if (ownPki) rmSync(ownPki, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const ipc = typeof process.send === 'function';
  if (ipc) process.on('disconnect', stop);
  const report = (event: object): void => {
    if (ipc) process.send?.(event);
    else process.stdout.write(`${JSON.stringify(event)}\n`);
  };

  const failed = (error: unknown): never => {
    if (ownPki) rmSync(ownPki, { recursive: true, force: true });
    return fail(error instanceof Error ? error.message : String(error));
  };
  let pki: TestPki;
  try {
    pki = createTestPki(values['pki-dir'] ?? ownPki!);
  } catch (error) {
    return failed(error);
  }
  startSf1601Mock({
    pki,
    port,
    ...(values.cvr ? { cvr: values.cvr } : {}),
    enrolled: values.enrolled ? values.enrolled.split(',').filter(Boolean) : [],
    ...(values['data-dir'] ? { attemptLogFile: join(values['data-dir'], MOCK_ATTEMPT_LOG) } : {}),
    ...(values['report-attempts']
      ? { onAttempt: (attempt: KombiAttempt) => report({ event: 'attempt', ...attempt }) }
      : {}),
  }).then(
    (started) => {
      mock = started;
      const event = {
        event: 'listening',
        port: started.port,
        urls: started.urls,
        pki: {
          dir: pki.dir,
          caFile: pki.caFile,
          clientP12File: pki.clients.good.p12File,
          clientPassword: pki.clients.good.password,
        },
      };
      process.stdout.write(`${JSON.stringify(event)}\n`);
      if (ipc) process.send?.(event);
    },
    (error: unknown) => failed(error),
  );

  process.on('message', (raw) => {
    const message = raw as {
      type?: unknown;
      mode?: unknown;
      times?: unknown;
      id?: unknown;
      enrolled?: unknown;
    };
    if (message?.type === 'stop') stop();
    else if (message?.type === 'fault' && mock && FAULTS.includes(message.mode as KombiFault)) {
      const times = typeof message.times === 'number' ? message.times : 1;
      mock.fault(message.mode as KombiFault, times);
      report({ event: 'fault', mode: message.mode, times });
    } else if (message?.type === 'digitalPost' && mock && typeof message.id === 'string') {
      mock.setDigitalPost(message.id, message.enrolled === true);
      report({ event: 'digitalPost', id: message.id, enrolled: message.enrolled === true });
    }
  });
}

function fail(message: string): never {
  process.stdout.write(`${JSON.stringify({ event: 'error', message })}\n`);
  process.exit(1);
}

main();
