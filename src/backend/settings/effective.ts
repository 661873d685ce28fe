import { canonicalJson } from '../../shared/canonical-json';
import {
  DEFAULT_SETTINGS,
  settingsKeys,
  settingsSchema,
  type Settings,
  type SettingsKey,
  type SettingsPatch,
} from '../../shared/domain/settings';

/**
 * How the layers make the settings in force (pure; docs/settings.md):
 *   base      = defaults ← machine file (every value it sets, locked or not)
 *   effective = base ← the user's saved values ← base again at every locked path.
 * Every top-level value is whole, so layering is per top-level key; a lock below the top (`connector.options.outDir`)
 * replaces just that value, or the whole object above it when the user's object is of another `kind` (a folder
 * path cannot be forced into a sandbox connector).
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path; undefined when any step is missing. */
export function getAt(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (!isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function forceAt(target: Obj, base: Obj, parts: readonly string[]): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  const b = base[head];
  if (rest.length === 0) {
    if (b === undefined) delete target[head];
    else target[head] = structuredClone(b);
    return;
  }
  const t = target[head];
  if (!isObj(t) || !isObj(b) || ('kind' in b && t.kind !== b.kind)) {
    if (b === undefined) delete target[head];
    else target[head] = structuredClone(b);
    return;
  }
  const copy = { ...t };
  target[head] = copy;
  forceAt(copy, b, rest);
}

/** Defaults with the machine file's values on top. */
export function baseSettings(machine: SettingsPatch): Settings {
  return layer(DEFAULT_SETTINGS, machine);
}

/** `under` with each top-level key `over` sets replaced by its whole value. */
export function layer(under: Settings, over: SettingsPatch): Settings {
  const out: Obj = { ...under };
  for (const key of settingsKeys) {
    if (over[key] !== undefined) out[key] = structuredClone(over[key]);
  }
  return out as Settings;
}

/** `settings` with every locked path set to its value in `base`. */
export function applyLocks(settings: Settings, base: Settings, locked: readonly string[]): Settings {
  const out = structuredClone(settings) as Obj;
  for (const path of locked) forceAt(out, base as Obj, path.split('.'));
  return out as Settings;
}

export function effectiveSettings(
  machine: { settings: SettingsPatch; locked: readonly string[] },
  user: SettingsPatch,
): Settings {
  const base = baseSettings(machine.settings);
  // Each layer was validated; the result is checked again so that no combination can hand out an invalid value.
  return settingsSchema.parse(applyLocks(layer(base, user), base, machine.locked));
}

/** The locked paths whose value would differ between `current` and `candidate` (both effective settings). */
export function lockViolations(current: Settings, candidate: Settings, locked: readonly string[]): string[] {
  return locked.filter((path) => !sameValue(getAt(current, path), getAt(candidate, path)));
}

/** The top-level keys whose value differs. */
export function changedKeys(before: Settings, after: Settings): SettingsKey[] {
  return settingsKeys.filter((k) => !sameValue(before[k], after[k]));
}
