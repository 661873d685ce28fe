import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  NATIVE_FILE,
  nativeBindingPath,
  nativeFolderName,
  selectNativeBinding,
  type NativeBindingInput,
} from '../../../src/main/native-module';

const root = path.resolve(__dirname, '..', '..', '..');

const linuxDev: NativeBindingInput = {
  isPackaged: false,
  appRoot: '/home/dev/sendeassistent',
  resourcesPath: '/home/dev/sendeassistent/node_modules/electron/dist/resources',
  electronVersion: '45.5.0',
  platform: 'linux',
  arch: 'x64',
  exists: () => true,
};

describe('nativeFolderName', () => {
  it('names the Electron version, platform and arch', () => {
    expect(nativeFolderName('45.5.0', 'win32', 'x64')).toBe('electron-45.5.0-win32-x64');
    expect(nativeFolderName('v45.5.0', 'linux', 'arm64')).toBe('electron-45.5.0-linux-arm64');
  });
});

describe('nativeBindingPath', () => {
  it('uses <appRoot>/native/… in development', () => {
    expect(nativeBindingPath(linuxDev)).toBe(
      '/home/dev/sendeassistent/native/electron-45.5.0-linux-x64/better_sqlite3.node',
    );
  });

  it('uses the asar-unpacked copy when packaged', () => {
    expect(
      nativeBindingPath({ ...linuxDev, isPackaged: true, resourcesPath: '/opt/Sendeassistent/resources' }),
    ).toBe(
      '/opt/Sendeassistent/resources/app.asar.unpacked/native/electron-45.5.0-linux-x64/better_sqlite3.node',
    );
  });

  it('builds Windows paths on Windows', () => {
    expect(
      nativeBindingPath({
        ...linuxDev,
        isPackaged: true,
        platform: 'win32',
        resourcesPath: 'C:\\Program Files\\Sendeassistent\\resources',
      }),
    ).toBe(
      'C:\\Program Files\\Sendeassistent\\resources\\app.asar.unpacked\\native\\electron-45.5.0-win32-x64\\better_sqlite3.node',
    );
  });

  it('never points into node_modules (that build is the Node-ABI one the tests use)', () => {
    expect(nativeBindingPath(linuxDev)).not.toContain('node_modules');
  });
});

describe('selectNativeBinding', () => {
  it('returns the path when the file is there', () => {
    const seen: string[] = [];
    const res = selectNativeBinding({ ...linuxDev, exists: (f) => (seen.push(f), true) });
    expect(res).toEqual({ ok: true, path: nativeBindingPath(linuxDev) });
    expect(seen).toEqual([nativeBindingPath(linuxDev)]);
  });

  it('explains a missing development build: Danish for the dialog, English with the fix for the developer', () => {
    const res = selectNativeBinding({ ...linuxDev, exists: () => false });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.message).toMatch(/Databasemodulet/);
    expect(res.message).toContain('npm run native:electron');
    expect(res.detail).toContain(nativeBindingPath(linuxDev));
    expect(res.detail).toContain('npm run native:electron');
  });

  it('explains a broken installation when packaged', () => {
    const res = selectNativeBinding({ ...linuxDev, isPackaged: true, exists: () => false });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.message).toMatch(/Geninstallér programmet, eller kontakt IT/);
    expect(res.detail).toMatch(/app\.asar\.unpacked/);
  });
});

describe('scripts/native-electron.mjs', () => {
  interface Script {
    nativeFolderName(v: string, p: string, a: string): string;
    targetFile(root: string, v: string, p: string, a: string): string;
    electronVersion(root: string): string;
    NATIVE_FILE: string;
  }
  const load = async () =>
    (await import(pathToFileURL(path.join(root, 'scripts', 'native-electron.mjs')).href)) as Script;

  it('builds into exactly the folder the app loads from', async () => {
    const script = await load();
    expect(script.NATIVE_FILE).toBe(NATIVE_FILE);
    for (const [v, p, a] of [
      ['45.5.0', 'linux', 'x64'],
      ['45.5.0', 'win32', 'x64'],
      ['v46.0.0-beta.1', 'darwin', 'arm64'],
    ] as const) {
      expect(script.nativeFolderName(v, p, a)).toBe(nativeFolderName(v, p, a));
    }
    const input = { ...linuxDev, appRoot: root, platform: process.platform, arch: process.arch };
    expect(script.targetFile(root, '45.5.0', process.platform, process.arch)).toBe(nativeBindingPath(input));
  });

  it('reads the Electron version from node_modules/electron/package.json without loading electron', async () => {
    const script = await load();
    expect(script.electronVersion(root)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
