import { defaultDataDir, pathApi, type DataLocationInput } from '../backend/settings/data-dir';

export { defaultDataDir, type DataLocationInput };

/**
 * Where the app keeps its data and finds its resources. No `electron` import here: main passes in what Electron
 * knows (`app.isPackaged`, `process.resourcesPath`), so CI can test every branch.
 */

/** Development and test builds only: put the data folder here instead (e.g. a temp dir per smoke test). */
export const DATA_DIR_ENV = 'SENDEASSISTENT_DATA_DIR';

/**
 * The data folder to use: `SENDEASSISTENT_DATA_DIR` in unpackaged builds (tests give each run a temp dir), else the
 * default. A packaged build ignores the variable: a test hook has no business in an installed app.
 */
export function resolveDataDir(input: DataLocationInput & { readonly cwd: string }): string {
  const override = input.env[DATA_DIR_ENV];
  if (!input.isPackaged && override) return pathApi(input.platform).resolve(input.cwd, override);
  return defaultDataDir(input);
}

/**
 * Chromium's own profile (Local State, caches, the single-instance lock) goes inside the data folder: local like the
 * database, and on Windows `Local State` holds the DPAPI-protected secret that safeStorage's wraps depend on, so the
 * two must travel (and be backed up) together. It also gives each smoke-test data dir its own instance lock.
 */
export function electronUserDataDir(dataDir: string, platform: string): string {
  return pathApi(platform).join(dataDir, 'electron');
}

/** The app's `resources/` folder: the project's in development, electron-builder's extraResources copy when packaged. */
export function resourcesDir(input: {
  readonly isPackaged: boolean;
  readonly appRoot: string;
  readonly resourcesPath: string;
  readonly platform: string;
}): string {
  const p = pathApi(input.platform);
  return input.isPackaged ? p.join(input.resourcesPath, 'resources') : p.join(input.appRoot, 'resources');
}
