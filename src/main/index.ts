import { app, dialog, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackend, type Backend } from '../backend/create-backend';
import type { Logger } from '../backend/ports';
import type { CliHost } from '../cli/index';
import { electronUserDataDir, resolveDataDir, resourcesDir } from './data-location';
import { registerIpcBridge } from './ipc-bridge';
import { selectNativeBinding } from './native-module';
import { createSafeStorageKeyStore } from './safe-storage-key-store';
import { createUtilityProcessHost } from './utility-process-host';
import { devServerUrlFor, type SenderContext } from './security-policy';
import {
  devPassphrase,
  parseLaunchMode,
  STARTUP_FAILED_TITLE,
  startupFailureText,
  withDefaultDataDir,
} from './startup';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

// Lifecycle only. Every decision is made in the electron-free modules next to this file, which CI tests.

/** The shape of out/main/cli.js (src/cli/index.ts), loaded at run time. */
interface CliModule {
  runCli(argv: string[], host: CliHost): Promise<number>;
  readSecret?: (question: string) => Promise<string>;
}

const isPackaged = app.isPackaged;
// out/main → the project folder in development, <resources>/app.asar when packaged.
const appRoot = path.resolve(__dirname, '..', '..');
const rendererFile = path.join(__dirname, '..', 'renderer', 'index.html');
const preloadPath = path.join(__dirname, '..', 'preload', 'index.js');
const env = process.env;
const platform = process.platform;
const dataDir = resolveDataDir({ platform, env, homeDir: os.homedir(), isPackaged, cwd: process.cwd() });
const resources = resourcesDir({ isPackaged, appRoot, resourcesPath: process.resourcesPath, platform });

// Both must happen before `ready`.
app.setPath('userData', electronUserDataDir(dataDir, platform));
app.enableSandbox();

const logLine = (level: string) => (event: string, fields?: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify({ level, event, ...fields })}\n`);
const logger: Logger = { info: logLine('info'), warn: logLine('warn'), error: logLine('error') };

function nativeBinding() {
  return selectNativeBinding({
    isPackaged,
    appRoot,
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron ?? '',
    platform,
    arch: process.arch,
    exists: existsSync,
  });
}

async function runCliMode(args: readonly string[]): Promise<void> {
  await app.whenReady(); // safeStorage works only after ready
  const native = nativeBinding();
  if (!native.ok) {
    process.stderr.write(`${native.message}\n${native.detail}\n`);
    app.exit(2);
    return;
  }
  const cli = createRequire(__filename)(path.join(__dirname, 'cli.js')) as CliModule;
  const code = await cli.runCli(withDefaultDataDir(args, dataDir), {
    version: app.getVersion(),
    resourcesDir: resources,
    keyStore: createSafeStorageKeyStore(),
    nativeBinding: native.path,
    env,
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    // On Windows the app has no console stdin; the CLI then asks for SENDEASSISTENT_NEW_PASSPHRASE instead.
    prompt: process.stdin.isTTY ? cli.readSecret : undefined,
  });
  // app.exit does not wait for piped output to drain.
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))),
  );
  app.exit(code);
}

function runWindowMode(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let win: BrowserWindow | null = null;
  let backend: Backend | null = null;
  let disposeBridge: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for a send under way to be answered and committed (the worker gives its lease back), then
  // closes; a second quit request while waiting is the same quit.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (!backend) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    disposeBridge?.();
    const closing = backend;
    void closing
      .shutdown()
      .catch((err: unknown) => {
        logger.error('shutdown.failed', { error: err instanceof Error ? err.name : 'error' });
        closing.close();
      })
      .finally(() => {
        backend = null;
        app.quit();
      });
  });

  const giveUp = (text: string, code: string) => {
    logger.error('startup.failed', { code });
    dialog.showErrorBox(STARTUP_FAILED_TITLE, text);
    app.exit(1);
  };

  const start = () => {
    hardenSession(session.defaultSession);
    const native = nativeBinding();
    if (!native.ok) return giveUp(`${native.message}\n\n${native.detail}`, 'NATIVE_MODULE_MISSING');
    const passphrase = devPassphrase(env, isPackaged);
    backend = createBackend({
      dataDir,
      resourcesDir: resources,
      keyStore: passphrase === undefined ? createSafeStorageKeyStore() : undefined,
      passphrase,
      // No fixed identity: people sign in with their own users (docs/approval.md), as the history and approvals need.
      seedDemoData: true,
      nativeBinding: native.path,
      appVersion: app.getVersion(),
      processHost: createUtilityProcessHost(),
      logger,
      runOutbox: true,
    });
    const senders: SenderContext = {
      rendererFileUrl: pathToFileURL(rendererFile).href,
      devServerUrl: env.ELECTRON_RENDERER_URL,
      isPackaged,
      caseInsensitivePaths: platform === 'win32',
    };
    disposeBridge = registerIpcBridge({
      dispatcher: backend.dispatcher,
      senders,
      onEvent: backend.onEvent,
      target: () => win?.webContents ?? null,
    });
    win = createMainWindow({ preloadPath, rendererFile, devServerUrl: devServerUrlFor(senders), isPackaged });
    win.on('closed', () => (win = null));
  };

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => giveUp(startupFailureText(err), (err as { code?: string })?.code ?? 'INTERNAL'));
}

const mode = parseLaunchMode(process.argv);
if (mode.kind === 'cli') {
  runCliMode(mode.args).catch((err: unknown) => {
    process.stderr.write(`${startupFailureText(err)}\n`);
    app.exit(2);
  });
} else {
  runWindowMode();
}
