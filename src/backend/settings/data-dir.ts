import path from 'node:path';

/**
 * The default data folder, shared by the app (src/main/data-location.ts) and the CLI. No `electron` here: the host
 * passes in what it knows, so every branch is tested on any OS.
 */

export interface DataLocationInput {
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly isPackaged: boolean;
}

export function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The default data folder: local, never roaming, because the encrypted history must stay on the machine whose OS
 * key store wrapped its key (a roaming profile would carry the database to PCs that cannot open it, and fill the
 * profile server). An unpackaged development build uses a sibling folder so it never migrates or seeds the real
 * history of an installed copy on the same PC.
 */
export function defaultDataDir(input: DataLocationInput): string {
  const p = pathApi(input.platform);
  const suffix = input.isPackaged ? '' : '-dev';
  const nonEmpty = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);
  switch (input.platform) {
    case 'win32':
      return p.join(
        nonEmpty(input.env.LOCALAPPDATA) ?? p.join(input.homeDir, 'AppData', 'Local'),
        `Sendeassistent${suffix}`,
      );
    case 'darwin':
      return p.join(input.homeDir, 'Library', 'Application Support', `Sendeassistent${suffix}`);
    default: {
      // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
      const xdg = nonEmpty(input.env.XDG_DATA_HOME);
      const base = xdg && p.isAbsolute(xdg) ? xdg : p.join(input.homeDir, '.local', 'share');
      return p.join(base, `sendeassistent${suffix}`);
    }
  }
}
