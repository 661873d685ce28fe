import type { Db } from '../db/sqlite';
import { AppError, type ErrorCode } from '../../shared/result';
import {
  formatIssues,
  lockedFieldMessage,
  parseDanish,
  settingsFields,
  settingsKeys,
  settingsPatchSchema,
  type Settings,
  type SettingsKey,
  type SettingsPatch,
  type SettingsPath,
} from '../../shared/domain/settings';
import { changedKeys, effectiveSettings, layer, lockViolations } from '../settings/effective';
import { machineSettingsPath, readMachineSettings, type MachineSettings } from '../settings/machine-settings';
import { networkShareProblem, type DriveType, type NetworkShareCheck } from '../settings/data-location-check';

/** The `meta` key under which the user's own values are kept (a JSON object of top-level settings). */
export const SETTINGS_META_KEY = 'settings';

/** Where a top-level value in force comes from. `locked`: the machine file, and the user cannot change it. */
export type SettingSource = 'default' | 'machine' | 'user' | 'locked';

export interface SettingsView {
  settings: Settings;
  /** The paths IT has locked (top-level keys or dotted paths below them). */
  locked: SettingsPath[];
  sources: Record<SettingsKey, SettingSource>;
  /** The machine file in force; null when there is none. */
  machineFile: string | null;
  /**
   * Saved values that no longer pass the schema (e.g. written by another version), in Danish, each naming its field:
   * they are not used, and the next save drops them.
   */
  problems: string[];
}

/** A refused update: `problems` are Danish, one per field, for the window; `detail` (for logs) names fields only. */
export class SettingsRefusedError extends AppError {
  readonly problems: readonly string[];
  constructor(code: ErrorCode, problems: readonly string[], detail: string) {
    super(code, detail);
    this.problems = problems;
  }
}

export interface SettingsServiceOptions {
  db: Db;
  /** The machine-wide file; default by platform (%ProgramData%\Sendeassistent\settings.json on Windows). */
  machineSettingsPath?: string;
  platform?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** win32: whether a drive letter is a mapped network drive (main asks Windows); default unknown = allowed. */
  driveType?: (letter: string) => DriveType;
  /** linux: the text of /proc/self/mountinfo; default: read it. */
  mountInfo?: () => string | null;
  /**
   * Called when a saved change alters the settings in force, inside the transaction that stores it: an audit entry
   * appended here commits with the change (announce it after `update` returns), and a throw rolls the change back.
   */
  onChange?: (before: Settings, after: Settings, changed: SettingsKey[]) => void;
}

export interface SettingsService {
  get(): SettingsView;
  /** Validates and saves the given top-level values (each whole); returns the settings in force afterwards. */
  update(patch: unknown): Settings;
  /** The machine file as read when the service was created. */
  readonly machine: MachineSettings;
}

function readUserLayer(db: Db): { values: SettingsPatch; problems: string[] } {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SETTINGS_META_KEY) as
    { value: string } | undefined;
  if (!row) return { values: {}, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return { values: {}, problems: ['De gemte indstillinger kunne ikke læses og bruges ikke.'] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { values: {}, problems: ['De gemte indstillinger har et ukendt format og bruges ikke.'] };
  }
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!(settingsKeys as string[]).includes(key)) {
      problems.push(`${key}: ukendt gemt indstilling, bruges ikke`);
      continue;
    }
    const parsed = parseDanish(settingsFields[key as SettingsKey], value);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push(...formatIssues(parsed.issues, key).map((p) => `${p} (gemt værdi, bruges ikke)`));
  }
  return { values: values as SettingsPatch, problems };
}

/**
 * The settings: defaults ← machine file ← the user's saved values (`meta` key `settings`) ← locks. The machine file
 * is read once, here: a bad one throws MachineSettingsError (Danish, every problem named) and the app does not start
 * on guesses. IT's changes to it take effect at the next start.
 */
export function createSettingsService(options: SettingsServiceOptions): SettingsService {
  const { db, onChange } = options;
  const platform = options.platform ?? process.platform;
  const shareCheck: NetworkShareCheck = {
    platform,
    ...(options.driveType ? { driveType: options.driveType } : {}),
    ...(options.mountInfo ? { mountInfo: options.mountInfo } : {}),
  };
  const filePath = options.machineSettingsPath ?? machineSettingsPath(platform, options.env ?? process.env);
  const machine = readMachineSettings(filePath, shareCheck);

  const store = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );

  function sources(user: SettingsPatch): Record<SettingsKey, SettingSource> {
    const out = {} as Record<SettingsKey, SettingSource>;
    for (const key of settingsKeys) {
      out[key] = machine.locked.includes(key)
        ? 'locked'
        : user[key] !== undefined
          ? 'user'
          : machine.settings[key] !== undefined
            ? 'machine'
            : 'default';
    }
    return out;
  }

  const updateTx = db.transaction((patch: SettingsPatch): Settings => {
    const { values: stored } = readUserLayer(db);
    const before = effectiveSettings(machine, stored);

    // The admin key that signs the roster is trusted only from IT's machine file (or pinned at set-up): whoever can
    // save settings must not be able to name their own key and make themselves a supervisor elsewhere.
    if (patch.adminKeyFingerprint !== undefined) {
      throw new SettingsRefusedError(
        'FORBIDDEN',
        [
          'adminKeyFingerprint: Administratornøglens fingeraftryk kan kun sættes af IT i den fælles indstillingsfil ' +
            'på denne computer.',
        ],
        'adminKeyFingerprint is set only by the machine file',
      );
    }
    const violations = lockViolations(before, layer(before, patch), machine.locked);
    if (violations.length > 0) {
      throw new SettingsRefusedError(
        'FORBIDDEN',
        violations.map(lockedFieldMessage),
        `settings locked by IT: ${violations.join(', ')}`,
      );
    }
    if (patch.dataDir) {
      const share = networkShareProblem(patch.dataDir, shareCheck);
      if (share)
        throw new SettingsRefusedError(
          'VALIDATION_FAILED',
          [`dataDir: ${share}`],
          'dataDir on a network share',
        );
    }

    const next: SettingsPatch = { ...stored, ...patch };
    store.run(SETTINGS_META_KEY, JSON.stringify(next));
    const after = effectiveSettings(machine, next);
    const changed = changedKeys(before, after);
    if (changed.length > 0) onChange?.(before, after, changed);
    return after;
  });

  return {
    machine,
    get() {
      const { values, problems } = readUserLayer(db);
      return {
        settings: effectiveSettings(machine, values),
        locked: [...machine.locked],
        sources: sources(values),
        machineFile: machine.filePath,
        problems,
      };
    },
    update(input) {
      const parsed = parseDanish(settingsPatchSchema, input);
      if (!parsed.ok) {
        const fields = [...new Set(parsed.issues.map((i) => String(i.path[0] ?? '(roden)')))];
        throw new SettingsRefusedError(
          'VALIDATION_FAILED',
          formatIssues(parsed.issues),
          `invalid settings: ${fields.join(', ')}`,
        );
      }
      // IMMEDIATE: the app and the CLI may both save; the read-modify-write must not interleave.
      return updateTx.immediate(parsed.value);
    },
  };
}
