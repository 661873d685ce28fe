import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Settings } from '../../shared/domain/settings';
import type { ProcessHost, WorkerEntry, WorkerHandle } from '../documents/process-host';
import type { Logger } from '../ports';
import type { Connector } from './connector';
import { createFolderConnector } from './folder.connector';
import { createSandboxConnector } from './sandbox/sandbox.connector';
import { createSf1601Connector, IdentityError, SF1601_ENDPOINTS } from './sf1601/sf1601.connector';

/**
 * Opens the connector the settings name (docs/connectors.md). The sandbox is started as its own process (a
 * utilityProcess in the app, a child process in the CLI and tests) on its storage under the data folder, and stopped
 * again by `close`. The connector is chosen at start-up: a change in the settings takes effect at the next start.
 */

export interface OpenedConnector {
  connector: Connector;
  /** Stops what was started for it (the sandbox process). */
  close(): Promise<void>;
}

export class ConnectorStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorStartError';
  }
}

/** Where the sandbox process's entry is: built next to the bundle (`out/main/sandbox.js`), else the source via tsx. */
export function sandboxEntry(here: string = __dirname): WorkerEntry {
  const candidates = [join(here, 'sandbox.js')];
  if (basename(here) === 'chunks') candidates.push(join(dirname(here), 'sandbox.js'));
  const built = candidates.find((path) => existsSync(path));
  if (built) return { modulePath: built, execArgv: [] };
  return { modulePath: join(here, 'sandbox', 'sandbox-main.ts'), execArgv: ['--import', 'tsx'] };
}

/** Starts the sandbox process and waits for its `listening` message (or its exit, or the timeout). */
export function startSandboxProcess(options: {
  processHost: ProcessHost;
  dataDir: string;
  port?: number;
  timeoutMs?: number;
  entry?: WorkerEntry;
}): Promise<{ url: string; handle: WorkerHandle }> {
  const entry = options.entry ?? sandboxEntry();
  const handle = options.processHost.start({
    ...entry,
    args: ['--data-dir', options.dataDir, '--port', String(options.port ?? 0)],
    serviceName: 'Sendeassistent sandkasse',
  });
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, url?: string) => {
      clearTimeout(timer);
      offMessage();
      offExit();
      if (error) {
        handle.kill();
        reject(error);
      } else resolve({ url: url!, handle });
    };
    const timer = setTimeout(
      () => done(new ConnectorStartError('Sandkassen startede ikke inden for tidsgrænsen.')),
      options.timeoutMs ?? 15_000,
    );
    const offMessage = handle.onMessage((message) => {
      const m = message as { event?: unknown; url?: unknown; message?: unknown } | null;
      if (m?.event === 'listening' && typeof m.url === 'string') done(null, m.url);
      else if (m?.event === 'error')
        done(new ConnectorStartError(`Sandkassen kunne ikke starte: ${String(m.message).slice(0, 200)}`));
    });
    const offExit = handle.onExit((exit) =>
      done(
        new ConnectorStartError(
          `Sandkassen stoppede, før den var klar (kode ${exit.code ?? '-'}, signal ${exit.signal ?? '-'}).`,
        ),
      ),
    );
  });
}

function readOrFail(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ConnectorStartError(`${what} kan ikke læses (${code}): ${path}`);
  }
}

export async function openConnector(
  setting: Settings['connector'],
  context: {
    /** The app's data folder: the sandbox keeps its storage in `sandbox/` below it. */
    dataDir: string;
    processHost: ProcessHost;
    logger: Logger;
    /** validateMemo bound to the XSD folder: the folder connector never writes a message that fails it. */
    validate: (xml: string) => Promise<{ valid: boolean; errors: string[] }>;
    /** SF1601: the sender's CVR (the settings' `sender.cvr`) and the certificate's password from the store. */
    senderCvr?: string | null;
    certificatePassword?: () => string | null;
    /** For `HTTPS_PROXY`. */
    env?: Readonly<Record<string, string | undefined>>;
  },
): Promise<OpenedConnector> {
  switch (setting.kind) {
    case 'sandbox': {
      const { url, handle } = await startSandboxProcess({
        processHost: context.processHost,
        dataDir: join(context.dataDir, 'sandbox'),
        port: setting.options.port,
      });
      context.logger.info('sandbox started', { url });
      const connector = createSandboxConnector({ baseUrl: url });
      let exited = false;
      const gone = new Promise<void>((resolve) =>
        handle.onExit(() => {
          exited = true;
          resolve();
        }),
      );
      let closing: Promise<void> | null = null;
      return {
        connector,
        // Idempotent: the second call waits for the first.
        close: () =>
          (closing ??= (async () => {
            await connector.close();
            if (exited) return;
            handle.send({ type: 'stop' });
            const timer = setTimeout(() => handle.kill(), 5_000);
            timer.unref?.();
            await gone;
            clearTimeout(timer);
          })()),
      };
    }
    case 'folder': {
      const connector = createFolderConnector({ outDir: setting.options.outDir, validate: context.validate });
      return { connector, close: () => connector.close() };
    }
    case 'sf1601': {
      const o = setting.options;
      if (!context.senderCvr) {
        throw new ConnectorStartError(
          'Afsenderens CVR-nummer skal være sat i indstillingerne, før SF1601 kan bruges.',
        );
      }
      const password = context.certificatePassword?.() ?? null;
      if (password === null) {
        throw new ConnectorStartError(
          'Certifikatets adgangskode er ikke gemt. IT gemmer den med "sendeassistent settings set-certificate-password".',
        );
      }
      const pfx = readOrFail(o.certificatePath, 'Certifikatfilen');
      const ca = o.caFile ? [readOrFail(o.caFile, 'CA-filen')] : undefined;
      const env = context.env ?? {};
      const proxy = o.proxy ?? env.HTTPS_PROXY ?? env.https_proxy ?? null;
      try {
        const connector = createSf1601Connector({
          identity: { pfx, passphrase: password, ca },
          cvr: context.senderCvr,
          urls: o.urls ?? SF1601_ENDPOINTS[o.endpoint],
          proxy: proxy === '' ? null : proxy,
          forsendelseTypeIdentifikator: o.forsendelseTypeIdentifikator,
        });
        return { connector, close: () => connector.close() };
      } catch (error) {
        if (error instanceof IdentityError) throw new ConnectorStartError(error.message);
        throw error;
      }
    }
  }
}
