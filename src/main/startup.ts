import { AppError, ERROR_MESSAGES } from '../shared/result';

/**
 * The startup decisions of main/index.ts, electron-free so CI executes them: how the process was launched, which
 * key means the store is opened with, and what the person sees when the app cannot start.
 */

export const CLI_FLAG = '--cli';

export type LaunchMode =
  { readonly kind: 'window' } | { readonly kind: 'cli'; readonly args: readonly string[] };

/**
 * `Sendeassistent --cli <command …>` runs the administrator CLI inside the app, where safeStorage can open a key
 * that only the app's wrap protects (e.g. to add a passphrase wrap). Everything after the flag belongs to the CLI;
 * what comes before (Electron's and Playwright's switches, the app path in development) is ignored.
 */
export function parseLaunchMode(argv: readonly string[]): LaunchMode {
  const at = argv.indexOf(CLI_FLAG);
  return at === -1 ? { kind: 'window' } : { kind: 'cli', args: argv.slice(at + 1) };
}

/** Inside the app the CLI defaults to the app's own data folder; an explicit `--data-dir` wins. */
export function withDefaultDataDir(args: readonly string[], dataDir: string): string[] {
  const given = args.some((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  return given ? [...args] : [...args, '--data-dir', dataDir];
}

/**
 * Development and test builds only: with SENDEASSISTENT_PASSPHRASE set, the store is opened through its passphrase
 * wrap instead of safeStorage (as `npm run web` does), so the smoke test runs on a Linux CI box without a keyring. A
 * packaged build ignores it and always fails closed on a missing OS key store.
 */
export function devPassphrase(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): string | undefined {
  const p = env.SENDEASSISTENT_PASSPHRASE;
  return !isPackaged && p !== undefined && p !== '' ? p : undefined;
}

export const STARTUP_FAILED_TITLE = 'Sendeassistent kan ikke starte';

/**
 * The text of the error dialog. An AppError gives its Danish message and its code (which IT can look up); anything
 * else is an internal error whose technical text goes below, since nobody else will ever see it.
 */
export function startupFailureText(err: unknown): string {
  if (err instanceof AppError) return `${err.message}\n\nFejlkode: ${err.code}`;
  const technical = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `${ERROR_MESSAGES.INTERNAL}\n\nFejlkode: INTERNAL\nTeknisk detalje: ${technical}`;
}
