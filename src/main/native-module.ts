import path from 'node:path';

/**
 * Where the app finds the SQLite module built for Electron's ABI. `npm test` runs the backend under Node with the
 * module in node_modules (built for Node's ABI); the app needs a second build for Electron's ABI. Keeping that one
 * in its own folder (`native/…`, filled by `scripts/native-electron.mjs`) means `npm start` and `npm test` never
 * rebuild over each other. The folder name carries the Electron version, platform and arch, so a stale build for
 * another Electron is simply "missing" instead of a crash on an ABI mismatch. Keep the naming in step with
 * `scripts/native-electron.mjs` (a unit test compares them). No `electron` import here.
 */

export const NATIVE_DIR = 'native';
export const NATIVE_FILE = 'better_sqlite3.node';

export function nativeFolderName(electronVersion: string, platform: string, arch: string): string {
  return `electron-${electronVersion.replace(/^v/, '')}-${platform}-${arch}`;
}

export interface NativeBindingInput {
  readonly isPackaged: boolean;
  /** The app's root: the project folder in development, `<resources>/app.asar` when packaged. */
  readonly appRoot: string;
  /** Electron's `process.resourcesPath`. */
  readonly resourcesPath: string;
  /** `process.versions.electron`. */
  readonly electronVersion: string;
  readonly platform: string;
  readonly arch: string;
  readonly exists: (file: string) => boolean;
}

export type NativeBinding =
  | { readonly ok: true; readonly path: string }
  /** `message` is Danish, for the person in front of the error dialog; `detail` is English, for IT and developers. */
  | { readonly ok: false; readonly path: string; readonly message: string; readonly detail: string };

export function nativeBindingPath(input: Omit<NativeBindingInput, 'exists'>): string {
  const p = input.platform === 'win32' ? path.win32 : path.posix;
  const folder = nativeFolderName(input.electronVersion, input.platform, input.arch);
  // A .node file cannot be loaded from inside an asar archive: electron-builder's asarUnpack puts it beside it.
  const base = input.isPackaged ? p.join(input.resourcesPath, 'app.asar.unpacked') : input.appRoot;
  return p.join(base, NATIVE_DIR, folder, NATIVE_FILE);
}

export function selectNativeBinding(input: NativeBindingInput): NativeBinding {
  const file = nativeBindingPath(input);
  if (input.exists(file)) return { ok: true, path: file };
  if (input.isPackaged) {
    return {
      ok: false,
      path: file,
      message:
        'Sendeassistent er ikke installeret korrekt: programmets databasemodul mangler. Geninstallér programmet, eller kontakt IT.',
      detail: `The Electron build of better-sqlite3-multiple-ciphers is missing at ${file}. The package was built without running "npm run native:electron" for ${input.platform}-${input.arch} before electron-builder.`,
    };
  }
  return {
    ok: false,
    path: file,
    message:
      'Databasemodulet til Electron er ikke bygget endnu. Kør "npm run native:electron" og start igen.',
    detail: `Missing ${file}. Run "npm run native:electron" (needs the internet for Electron ${input.electronVersion} headers and a C++ toolchain; see docs/electron-shell.md).`,
  };
}
