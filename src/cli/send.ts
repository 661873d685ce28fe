import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { createBackend, type Backend } from '../backend/create-backend';
import { createForkProcessHost } from '../backend/documents/process-host';
import { formatOfFileName } from '../backend/services/case-import';
import type { OutboxItem } from '../backend/services/outbox.service';
import type { KeyStore } from '../backend/ports';
import { MAX_DOCUMENT_BYTES } from '../shared/contract';
import type { Settings } from '../shared/domain/settings';
import { OUTBOX_STATE_LABELS, type OutboxEntry } from '../shared/domain/outbox';
import { AppError, ERROR_MESSAGES, type ErrorCode } from '../shared/result';
import { InputError } from './analyze';

/**
 * `sendeassistent send` (docs/cli.md): the window's submit from the command line. It opens (or creates) the store
 * through its passphrase wrap, imports the case file, analyses the document, applies the same checks as the window,
 * and puts one message per recipient in the outbox. When no other process holds the outbox worker's lease (the app
 * is not running on this data folder), it then sends them itself and waits for the answers; otherwise the running
 * app sends them and the command says so.
 *
 * Exit codes: 0 queued or sent, 2 usage or unreadable input, 3 refused by policy (the code in the JSON), 4 the
 * connector failed (the messages stay in the outbox and are sent later: nothing is lost).
 */

export const SEND_EXIT = { ok: 0, usage: 2, refused: 3, connector: 4 } as const;

export interface SendArgs {
  cases: string;
  caseNumber: string;
  document: string;
  recipients: string[];
  type?: string;
  password?: string;
  policy?: string;
  connector?: string;
  out?: string;
  delay?: string;
  dataDir: string;
  json: boolean;
}

export interface SendHost {
  version: string;
  resourcesDir: string;
  keyStore?: KeyStore;
  nativeBinding?: string;
  passphrase?: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Refusals that are the policy's answer (exit 3), as opposed to bad input or settings (exit 2). */
const POLICY_REFUSALS: readonly ErrorCode[] = [
  'CHECK_BLOCKED',
  'RECIPIENT_NOT_ELIGIBLE',
  'APPROVAL_REQUIRED',
  'WARNING_NOT_ACKNOWLEDGED',
  'DOCUMENT_PASSWORD_PROTECTED',
  'RECIPIENT_ADDRESS_MISSING',
];

/** States after which waiting longer in this command would change nothing. */
function settled(entry: OutboxEntry): boolean {
  switch (entry.state) {
    case 'sent':
    case 'failed_permanent':
    case 'cancelled':
    case 'awaiting_approval':
    case 'failed_retryable':
    case 'unknown':
      return true;
    case 'queued':
      // Queued again after a failed attempt (offline): the connector is not answering now.
      return entry.lastError !== null;
    default:
      return false;
  }
}

function parseDelay(delay: string | undefined): number | undefined {
  if (delay === undefined) return undefined;
  const n = Number(delay);
  if (!/^\d+$/.test(delay) || !Number.isInteger(n) || n > 600) {
    throw new InputError('--delay skal være et helt antal sekunder mellem 0 og 600');
  }
  return n;
}

function connectorSetting(args: SendArgs): Settings['connector'] | undefined {
  if (args.connector === undefined) {
    if (args.out !== undefined) throw new InputError('--out bruges kun med --connector folder');
    return undefined;
  }
  if (args.connector === 'sandbox') {
    if (args.out !== undefined) throw new InputError('--out bruges kun med --connector folder');
    return { kind: 'sandbox', options: {} };
  }
  if (args.connector === 'folder') {
    if (!args.out) throw new InputError('--connector folder kræver --out <mappe>');
    return { kind: 'folder', options: { outDir: resolve(args.out) } };
  }
  throw new InputError('--connector skal være "sandbox" eller "folder"');
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(resolve(path));
  } catch {
    throw new InputError(`${what} findes ikke eller kan ikke læses: ${path}`);
  }
}

function errorOf(code: ErrorCode): { code: ErrorCode; message: string } {
  return { code, message: ERROR_MESSAGES[code] };
}

export async function sendCommand(args: SendArgs, host: SendHost): Promise<number> {
  if (args.recipients.length === 0)
    throw new InputError('angiv mindst én modtager med --recipient <part-id>');
  const delaySeconds = parseDelay(args.delay);
  const setting = connectorSetting(args);
  const caseText = readInput(args.cases, 'sagsfilen').toString('utf8');
  let size: number;
  try {
    size = statSync(resolve(args.document)).size;
  } catch {
    throw new InputError(`dokumentet findes ikke eller kan ikke læses: ${args.document}`);
  }
  if (size > MAX_DOCUMENT_BYTES) throw new InputError('dokumentet er større end 100 MB og kan ikke sendes');
  const bytes = readInput(args.document, 'dokumentet');
  if (!host.keyStore && host.passphrase === undefined) {
    throw new InputError(
      'SENDEASSISTENT_PASSPHRASE er ikke sat: databasen kan ikke åbnes uden adgangsfrasen',
    );
  }

  const processHost = createForkProcessHost();
  let backend: Backend | null = null;
  try {
    backend = createBackend({
      dataDir: args.dataDir,
      resourcesDir: host.resourcesDir,
      keyStore: host.keyStore,
      passphrase: host.passphrase,
      nativeBinding: host.nativeBinding,
      currentUser: { name: () => userInfo().username },
      seedDemoData: false,
      allowCreate: true,
      appVersion: host.version,
      processHost,
      policyFile: args.policy ? resolve(args.policy) : undefined,
      runOutbox: true,
      connectorSetting: setting,
    });
    const report = (out: Record<string, unknown>, text: string): void =>
      host.stdout(args.json ? `${JSON.stringify(out)}\n` : text);

    // The case file, as the window imports it (a refused file changes nothing).
    const imported = await backend.dispatcher.json('cases:import', {
      fileName: basename(args.cases),
      format: formatOfFileName(args.cases),
      content: caseText,
    });
    if (!imported.ok) throw new InputError(`sagsfilen kan ikke bruges: ${imported.error.message}`);
    const problems = (imported.value as { problems: string[] }).problems;
    if (problems.length > 0) throw new InputError(`sagsfilen kan ikke bruges:\n  ${problems.join('\n  ')}`);

    const analysed = await backend.dispatcher.binary(
      'documents:analyze',
      bytes,
      { fileName: basename(args.document), caseNumber: args.caseNumber, password: args.password },
      'application/octet-stream',
    );
    if (!analysed.ok) {
      // With a case number (and no draft it replaces) the analysis's only NOT_FOUND is the case itself.
      if (analysed.error.code === 'NOT_FOUND') {
        throw new InputError(`sagen ${args.caseNumber} findes ikke i sagsfilen`);
      }
      throw new InputError(`dokumentet kan ikke bruges: ${analysed.error.message}`);
    }
    const { draftId, analysis } = analysed.value as {
      draftId: string | null;
      analysis: { outcome: string; message: string };
    };
    if (draftId === null) throw new InputError(`dokumentet kan ikke bruges: ${analysis.message}`);

    let items: OutboxItem[];
    try {
      const submitted = await backend.send.submit({
        draftId,
        caseNumber: args.caseNumber,
        documentType: args.type,
        recipients: args.recipients,
        delaySeconds,
        whenApprovalRequired: 'refuse',
      });
      items = submitted.items;
    } catch (error) {
      if (error instanceof AppError && POLICY_REFUSALS.includes(error.code)) {
        report(
          { result: 'refused', error: errorOf(error.code), draftId },
          `Afvist (${error.code}): ${ERROR_MESSAGES[error.code]}\n`,
        );
        return SEND_EXIT.refused;
      }
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        throw new InputError(`sagen ${args.caseNumber} findes ikke i sagsfilen`);
      }
      if (error instanceof AppError && error.code === 'SETTINGS_INCOMPLETE') {
        throw new InputError(
          `${ERROR_MESSAGES.SETTINGS_INCOMPLETE} Sæt dem med: sendeassistent settings set --data-dir <mappe> sender '{"cvr":"12345678","name":"Eksempel Kommune"}' og caseSystem '"Sagssystem"'`,
        );
      }
      throw error;
    }

    // Send them here, unless another process (the app) holds the worker's lease and will send them.
    const worker = backend.worker!;
    let connectorFailure: string | null = null;
    await backend.sendingReady.catch((error: unknown) => {
      connectorFailure = error instanceof Error ? error.message : String(error);
    });
    const ids = new Set(items.map((i) => i.id));
    const current = () => backend!.outbox.list().filter((i) => ids.has(i.id));
    const isSettled = () => current().every((i) => settled(i.entry));
    let sentHere = false;
    if (connectorFailure === null) {
      await worker.runOnce();
      sentHere = worker.holdsLease();
      if (sentHere) {
        // The worker's own timers send when the delay is over; each change is an event.
        await new Promise<void>((resolveSettled) => {
          const off = backend!.onEvent((name) => {
            if (name === 'outbox:changed' && isSettled()) {
              off();
              resolveSettled();
            }
          });
          if (isSettled()) {
            off();
            resolveSettled();
          }
        });
      }
    }
    const final = current();
    const rows = final.map((i) => ({
      outboxId: i.id,
      messageUUID: i.entry.messageUUID,
      recipientPartyId: i.recipientPartyId,
      channel: i.channel,
      state: i.entry.state,
      receipt: i.entry.receipt,
      lastError: i.entry.lastError,
    }));
    const lines = final
      .map((i) => `  ${i.recipientPartyId}: ${OUTBOX_STATE_LABELS[i.entry.state]} (${i.entry.messageUUID})\n`)
      .join('');
    if (connectorFailure !== null) {
      report(
        {
          result: 'connector_failed',
          error: errorOf('CONNECTOR_UNAVAILABLE'),
          detail: connectorFailure,
          items: rows,
        },
        `Forbindelsen kunne ikke åbnes: ${connectorFailure}\nForsendelserne ligger i udbakken og sendes senere:\n${lines}`,
      );
      return SEND_EXIT.connector;
    }
    if (!sentHere) {
      report(
        { result: 'queued', sentBy: 'app', items: rows },
        `Sat i kø. Programmet, der kører på samme datamappe, sender forsendelserne:\n${lines}`,
      );
      return SEND_EXIT.ok;
    }
    const failed = final.some((i) => i.entry.state !== 'sent' && i.entry.state !== 'cancelled');
    if (failed) {
      report(
        { result: 'connector_failed', error: errorOf('CONNECTOR_UNAVAILABLE'), items: rows },
        `Ikke sendt endnu. Forsendelserne ligger i udbakken og sendes senere:\n${lines}`,
      );
      return SEND_EXIT.connector;
    }
    report({ result: 'sent', items: rows }, `Sendt:\n${lines}`);
    return SEND_EXIT.ok;
  } finally {
    await backend?.shutdown();
  }
}
