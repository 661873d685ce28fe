import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  CONNECTOR_OPTION_KEYS,
  formatIssues,
  isSettingsPath,
  parseDanish,
  settingsPatchSchema,
  type SettingsPatch,
  type SettingsPath,
} from '../../shared/domain/settings';
import { baseSettings, getAt } from './effective';
import { networkShareProblem, type NetworkShareCheck } from './data-location-check';

/**
 * The machine-wide settings file that IT places on each PC (docs/settings.md):
 *   { "settings": { …any settings, each top-level value whole… }, "locked": ["sender", "connector.kind", …] }
 * Unlocked values act as defaults the user may change; locked paths cannot be changed in the app.
 *
 * Deliberately no environment variable or command-line flag moves this file: that would let anyone bypass IT's
 * locks. Tests pass a path to the settings service instead.
 */

export const MACHINE_SETTINGS_FILE_NAME = 'settings.json';

/** Where IT puts the file on each platform. */
export function machineSettingsPath(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  switch (platform) {
    case 'win32': {
      const nonEmpty = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);
      const programData = nonEmpty(env.ProgramData) ?? nonEmpty(env.PROGRAMDATA) ?? 'C:\\ProgramData';
      return path.win32.join(programData, 'Sendeassistent', MACHINE_SETTINGS_FILE_NAME);
    }
    case 'darwin':
      return path.posix.join('/Library/Application Support/Sendeassistent', MACHINE_SETTINGS_FILE_NAME);
    default:
      return path.posix.join('/etc/sendeassistent', MACHINE_SETTINGS_FILE_NAME);
  }
}

export interface MachineSettings {
  /** The file that was read; null when there is none (nothing set, nothing locked). */
  readonly filePath: string | null;
  readonly settings: SettingsPatch;
  readonly locked: readonly SettingsPath[];
}

export const NO_MACHINE_SETTINGS: MachineSettings = { filePath: null, settings: {}, locked: [] };

/** A machine file that cannot be used. The message is Danish and lists every problem, each naming its field. */
export class MachineSettingsError extends Error {
  readonly filePath: string;
  readonly problems: readonly string[];

  constructor(filePath: string, problems: readonly string[]) {
    super(
      `IT's fælles indstillingsfil ${filePath} er ugyldig, så Sendeassistent kan ikke bruge sine indstillinger. ` +
        `Intet er ændret. Ret filen (se docs/settings.md) eller kontakt IT:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.name = 'MachineSettingsError';
    this.filePath = filePath;
    this.problems = problems;
  }
}

const unknownLock = (i: number, p: string) =>
  `locked[${i}]: "${p}" er ikke en indstilling, der kan låses (se docs/settings.md)`;

const machineFileSchema = z.strictObject({
  settings: settingsPatchSchema.default({}),
  locked: z.array(z.string().max(100)).max(100).default([]),
});

/**
 * Text of a settings file: UTF-8 with or without a BOM (Notepad), or UTF-16 with a BOM (PowerShell 5's
 * `Out-File` and `>` write UTF-16 LE).
 */
export function decodeSettingsFile(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = b.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Checks a machine file's content. Besides the schema: every locked path must be a setting, a locked path below a
 * value needs that value set (`sender.cvr` needs a `sender`), connector option locks must belong to the connector
 * kind in force, and a data folder set here must not be on a network share.
 */
export function parseMachineSettings(
  content: unknown,
  filePath: string,
  shareCheck?: NetworkShareCheck,
): MachineSettings {
  const parsed = parseDanish(machineFileSchema, content);
  if (!parsed.ok) {
    // Name unknown lock paths too, so IT can fix the whole file in one go.
    const raw =
      typeof content === 'object' && content !== null ? (content as { locked?: unknown }).locked : undefined;
    const unknownLocks = Array.isArray(raw)
      ? raw.flatMap((p, i) => (typeof p === 'string' && !isSettingsPath(p) ? [unknownLock(i, p)] : []))
      : [];
    throw new MachineSettingsError(filePath, [
      ...formatIssues(parsed.issues, '', '(filen)'),
      ...unknownLocks,
    ]);
  }
  const { settings, locked } = parsed.value;
  const problems: string[] = [];
  const base = baseSettings(settings);
  locked.forEach((p, i) => {
    const where = `locked[${i}]`;
    if (!isSettingsPath(p)) {
      problems.push(unknownLock(i, p));
      return;
    }
    const parts = p.split('.');
    if (parts[0] === 'connector' && parts[1] === 'options' && parts[2] !== undefined) {
      const kind = base.connector.kind;
      if (!CONNECTOR_OPTION_KEYS[kind].includes(parts[2])) {
        problems.push(
          `${where}: "${p}" findes ikke for forbindelsestypen "${kind}"; sæt "settings.connector" til den type, hvis indstilling skal låses`,
        );
      }
      return;
    }
    if (parts.length > 1) {
      const parent = getAt(base, parts.slice(0, -1).join('.'));
      if (typeof parent !== 'object' || parent === null) {
        problems.push(
          `${where}: "${p}" kan kun låses, når "settings.${parts.slice(0, -1).join('.')}" er sat i filen`,
        );
      }
    }
  });
  if (settings.dataDir && shareCheck) {
    const share = networkShareProblem(settings.dataDir, shareCheck);
    if (share) problems.push(`settings.dataDir: ${share}`);
  }
  if (problems.length > 0) throw new MachineSettingsError(filePath, problems);
  return { filePath, settings, locked: [...new Set(locked)] as SettingsPath[] };
}

/** Reads the machine file. No file: no machine settings. A file that cannot be read or used: MachineSettingsError. */
export function readMachineSettings(filePath: string, shareCheck?: NetworkShareCheck): MachineSettings {
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return NO_MACHINE_SETTINGS;
    throw new MachineSettingsError(filePath, [
      `(filen): kan ikke læses (${code ?? (err instanceof Error ? err.message : String(err))})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(decodeSettingsFile(bytes));
  } catch (err) {
    throw new MachineSettingsError(filePath, [
      `(filen): er ikke gyldig JSON (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  return parseMachineSettings(json, filePath, shareCheck);
}
