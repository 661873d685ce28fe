import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nativeBindingPath } from '../../src/main/native-module';
import { contract } from '../../src/shared/contract';

/**
 * The one test that runs the real Electron app: the built main, preload and renderer, the Electron-ABI SQLite
 * module and a fresh data dir. It needs an Electron binary, which cannot be downloaded on our CI machines, so it
 * runs only when one is present (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/path.txt + dist/) and
 * otherwise reports itself skipped with the reason. It drives the unpackaged app: a packaged build has the
 * inspect-arguments fuse off, so Playwright cannot attach to it, by design.
 */

const root = path.resolve(__dirname, '..', '..');
const DEMO_CASE = '27.24.00-G01-117-25';

type Found = { ok: true; executable: string; version: string } | { ok: false; reason: string };

/** Mirrors node_modules/electron/index.js without loading it: requiring it with no binary starts a download. */
function findElectron(): Found {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : '';
  const pkgVersion = existsSync(path.join(pkgDir, 'package.json'))
    ? (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version
    : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const distDir = override || path.join(pkgDir, 'dist');
  if (!override && !relative) {
    return {
      ok: false,
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (the Electron download is blocked here) and ' +
        'ELECTRON_OVERRIDE_DIST_PATH is not set. Set it to an unpacked Electron ' +
        pkgVersion +
        ' to run this test.',
    };
  }
  const candidates = [path.join(distDir, relative || 'electron')];
  if (process.platform === 'win32' && !relative) candidates.push(path.join(distDir, 'electron.exe'));
  const executable = candidates.find((c) => existsSync(c));
  if (!executable) return { ok: false, reason: `no Electron binary at ${candidates.join(' or ')}` };
  const versionFile = path.join(distDir, 'version');
  const version = existsSync(versionFile)
    ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '')
    : pkgVersion;
  return { ok: true, executable, version };
}

function missingDisplay(): string | null {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display for Electron on this Linux machine (run the test under xvfb-run)';
}

const found = findElectron();
const skipReason = !found.ok ? found.reason : missingDisplay();
if (skipReason) console.log(`electron-smoke: skipped: ${skipReason}`);

test.describe('the Electron app', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);

  let app: ElectronApplication | undefined;
  let dataDir = '';
  const mainOutput: string[] = [];

  test.beforeEach(() => {
    if (!found.ok) return;
    for (const f of [
      'out/main/index.js',
      'out/main/cli.js',
      'out/preload/index.js',
      'out/renderer/index.html',
    ]) {
      if (!existsSync(path.join(root, f))) {
        throw new Error(`${f} is missing: run "npm run build" before the smoke test.`);
      }
    }
    const native = nativeBindingPath({
      isPackaged: false,
      appRoot: root,
      resourcesPath: '',
      electronVersion: found.version,
      platform: process.platform,
      arch: process.arch,
    });
    if (!existsSync(native)) {
      throw new Error(
        `${native} is missing: run "npm run native:electron" (needs the internet) before the smoke test.`,
      );
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sendeassistent-smoke-'));
  });

  test.afterEach(async () => {
    const testInfo = test.info();
    await app?.close().catch(() => {});
    app = undefined;
    if (mainOutput.length > 0) {
      await testInfo.attach('main-process-output', { body: mainOutput.join(''), contentType: 'text/plain' });
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts, opens its encrypted store in a fresh data dir and lists the demo cases', async () => {
    // A Linux CI box has no keyring, and the app refuses basic_text; an unpackaged build may then open the store
    // through a passphrase wrap instead (SENDEASSISTENT_PASSPHRASE, ignored by packaged builds).
    const usePassphrase =
      process.platform === 'linux' && process.env.SENDEASSISTENT_SMOKE_SAFESTORAGE !== '1';
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    env.SENDEASSISTENT_DATA_DIR = dataDir;
    if (usePassphrase) env.SENDEASSISTENT_PASSPHRASE = 'smoke test passphrase, not a secret';
    else delete env.SENDEASSISTENT_PASSPHRASE;
    delete env.ELECTRON_RENDERER_URL;

    // The project folder as the app path: Electron runs package.json's main (out/main/index.js).
    app = await electron.launch({ args: [root], cwd: root, env });
    app.process().stdout?.on('data', (d: Buffer) => mainOutput.push(d.toString()));
    app.process().stderr?.on('data', (d: Buffer) => mainOutput.push(d.toString()));

    const page = await app.firstWindow();
    await expect(page.getByText(DEMO_CASE).first()).toBeVisible({ timeout: 60_000 });

    // The page has no Node, and window.api is exactly the contract plus onEvent.
    expect(
      await page.evaluate(() => [
        typeof (globalThis as { require?: unknown }).require,
        typeof (globalThis as { process?: unknown }).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    const keys = await page.evaluate(() =>
      Object.keys((globalThis as unknown as { api: object }).api).sort(),
    );
    expect(keys).toEqual([...Object.keys(contract), 'onEvent'].sort());

    // New windows are refused by main (window.open returns null and no second window appears).
    const opened = await page.evaluate(
      () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null,
    );
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);

    // Everything landed in the data dir we gave it: the store, its key file and Chromium's profile.
    for (const f of ['sendeassistent.db', 'sendeassistent.key', 'electron'])
      expect(existsSync(path.join(dataDir, f)), f).toBe(true);
  });
});
