import { z } from 'zod';
import {
  formatIssues,
  parseDanish,
  settingsKeys,
  settingsPatchSchema,
  type ConnectorKind,
  type Settings,
  type SettingsKey,
  type SettingsPatch,
} from '../../../../shared/domain/settings';

// zod compiles fast parsers with `new Function` unless told not to; the window's CSP forbids eval, and a refused
// attempt would still be reported as a CSP violation.
z.config({ jitless: true });

/** The form's fields as the caseworker types them: text until saved. */
export interface SettingsForm {
  cvr: string;
  senderName: string;
  caseSystem: string;
  kind: ConnectorKind;
  port: string;
  outDir: string;
  endpoint: 'test' | 'production';
  certificatePath: string;
  caFile: string;
  proxy: string;
  forsendelseType: string;
  checkStatus: boolean;
  sendDelay: string;
  policyFile: string;
  dataDir: string;
  idleLock: string;
  approvalFolder: string;
}

/** Every field by the settings path it edits: the path names it in lock lists and in problem lines. */
export const FIELD_PATHS = {
  cvr: 'sender.cvr',
  senderName: 'sender.name',
  caseSystem: 'caseSystem',
  kind: 'connector.kind',
  port: 'connector.options.port',
  outDir: 'connector.options.outDir',
  endpoint: 'connector.options.endpoint',
  certificatePath: 'connector.options.certificatePath',
  caFile: 'connector.options.caFile',
  proxy: 'connector.options.proxy',
  forsendelseType: 'connector.options.forsendelseTypeIdentifikator',
  checkStatus: 'connector.options.checkDigitalPostStatus',
  sendDelay: 'sendDelaySeconds',
  policyFile: 'policyFile',
  dataDir: 'dataDir',
  idleLock: 'idleLockMinutes',
  approvalFolder: 'approvalFolder',
} as const satisfies Record<keyof SettingsForm, string>;

export type FieldName = keyof SettingsForm;

/** The fields the form shows for each connector kind (the others keep their values but are not saved). */
const OPTION_FIELDS: Record<ConnectorKind, readonly FieldName[]> = {
  sandbox: ['port'],
  folder: ['outDir'],
  sf1601: ['endpoint', 'certificatePath', 'caFile', 'proxy', 'forsendelseType', 'checkStatus'],
};
const ALL_OPTION_FIELDS = new Set(Object.values(OPTION_FIELDS).flat());

export function visibleFields(kind: ConnectorKind): FieldName[] {
  return (Object.keys(FIELD_PATHS) as FieldName[]).filter(
    (f) => !ALL_OPTION_FIELDS.has(f) || OPTION_FIELDS[kind].includes(f),
  );
}

export const fieldId = (field: FieldName) => `setting-${field}`;

export function formFrom(s: Settings): SettingsForm {
  const c = s.connector;
  const sf = c.kind === 'sf1601' ? c.options : null;
  return {
    cvr: s.sender?.cvr ?? '',
    senderName: s.sender?.name ?? '',
    caseSystem: s.caseSystem ?? '',
    kind: c.kind,
    port: c.kind === 'sandbox' && c.options.port !== undefined ? String(c.options.port) : '',
    outDir: c.kind === 'folder' ? c.options.outDir : '',
    endpoint: sf?.endpoint ?? 'test',
    certificatePath: sf?.certificatePath ?? '',
    caFile: sf?.caFile ?? '',
    proxy: sf?.proxy ?? '',
    forsendelseType:
      sf?.forsendelseTypeIdentifikator !== undefined ? String(sf.forsendelseTypeIdentifikator) : '',
    checkStatus: sf?.checkDigitalPostStatus ?? false,
    sendDelay: String(s.sendDelaySeconds),
    policyFile: s.policyFile ?? '',
    dataDir: s.dataDir ?? '',
    idleLock: String(s.idleLockMinutes),
    approvalFolder: s.approvalFolder ?? '',
  };
}

/** A problem with a field, or with the settings as a whole (`field: null`). */
export interface Problem {
  field: FieldName | null;
  text: string;
}

const text = (v: string) => v.trim();
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/**
 * The settings the form describes, or the fields that are not whole numbers. Options the form does not show (the
 * SF1601 `urls` of a test or gateway set-up) are kept from the settings in force while the kind stays the same.
 */
function valuesOf(
  form: SettingsForm,
  current: Settings,
  notWholeNumber: string,
): { values: Settings; problems: Problem[] } {
  const problems: Problem[] = [];
  const whole = (field: FieldName, raw: string, optional: boolean): number | undefined => {
    const v = raw.trim();
    if (v === '' && optional) return undefined;
    if (!/^-?\d+$/.test(v)) {
      problems.push({ field, text: notWholeNumber });
      return undefined;
    }
    return Number(v);
  };
  let connector: Settings['connector'];
  if (form.kind === 'sandbox') {
    const port = whole('port', form.port, true);
    connector = { kind: 'sandbox', options: port === undefined ? {} : { port } };
  } else if (form.kind === 'folder') {
    connector = { kind: 'folder', options: { outDir: text(form.outDir) } };
  } else {
    const kept = current.connector.kind === 'sf1601' ? current.connector.options : null;
    const type = whole('forsendelseType', form.forsendelseType, true);
    connector = {
      kind: 'sf1601',
      options: {
        endpoint: form.endpoint,
        certificatePath: text(form.certificatePath),
        ...(orNull(form.caFile) ? { caFile: text(form.caFile) } : {}),
        ...(orNull(form.proxy) ? { proxy: text(form.proxy) } : {}),
        ...(type !== undefined ? { forsendelseTypeIdentifikator: type } : {}),
        ...(form.checkStatus || kept?.checkDigitalPostStatus !== undefined
          ? { checkDigitalPostStatus: form.checkStatus }
          : {}),
        ...(kept?.urls ? { urls: kept.urls } : {}),
      },
    };
  }
  const values: Settings = {
    sender:
      text(form.cvr) === '' && text(form.senderName) === ''
        ? null
        : { cvr: text(form.cvr), name: text(form.senderName) },
    connector,
    memoVersion: current.memoVersion,
    caseSystem: orNull(form.caseSystem),
    sendDelaySeconds: whole('sendDelay', form.sendDelay, false) ?? current.sendDelaySeconds,
    policyFile: orNull(form.policyFile),
    dataDir: orNull(form.dataDir),
    idleLockMinutes: whole('idleLock', form.idleLock, false) ?? current.idleLockMinutes,
    approvalFolder: orNull(form.approvalFolder),
    // Only IT's machine file sets it: never part of what the window saves.
    adminKeyFingerprint: current.adminKeyFingerprint,
  };
  return { values, problems };
}

/** JSON with sorted keys: two values are the same setting exactly when these strings are equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export type SaveRequest =
  { ok: true; patch: SettingsPatch; changed: SettingsKey[] } | { ok: false; problems: Problem[] };

/**
 * What to save: only the top-level values the caseworker changed. Saving every field would pin today's defaults and
 * IT's unlocked values as the user's own, so a later change by IT would no longer reach this computer. The patch is
 * checked with the shared schema first, so each problem is named at its field in the same Danish as the backend's
 * (the contract refuses an invalid patch as a whole, without saying which field).
 */
export function saveRequest(form: SettingsForm, current: Settings, notWholeNumber: string): SaveRequest {
  const { values, problems } = valuesOf(form, current, notWholeNumber);
  if (problems.length > 0) return { ok: false, problems };
  const changed = settingsKeys.filter((k) => canonical(values[k]) !== canonical(current[k]));
  const patch = Object.fromEntries(changed.map((k) => [k, values[k]])) as SettingsPatch;
  const parsed = parseDanish(settingsPatchSchema, patch);
  if (!parsed.ok) return { ok: false, problems: toProblems(formatIssues(parsed.issues), form.kind) };
  return { ok: true, patch: parsed.value, changed };
}

const LOCKED_LINE = /^Indstillingen "([^"]+)"/;
const PATH_LINE = /^([A-Za-z][A-Za-z0-9.]*): /;

/**
 * Problem lines ("sender.cvr: …", or the lock message naming "sender.cvr") by the field they are about: the field
 * with that path, the nearest field above it, or the first field below it among those on screen; the rest are
 * about the settings as a whole.
 */
export function toProblems(lines: readonly string[], kind: ConnectorKind): Problem[] {
  const shown = visibleFields(kind);
  return lines.map((line) => {
    const path = LOCKED_LINE.exec(line)?.[1] ?? PATH_LINE.exec(line)?.[1] ?? null;
    if (path === null) return { field: null, text: line };
    const message = line.replace(PATH_LINE, '');
    const pathOf = (f: FieldName) => FIELD_PATHS[f];
    const field =
      shown.find((f) => pathOf(f) === path) ??
      shown
        .filter((f) => path.startsWith(`${pathOf(f)}.`))
        .sort((a, b) => pathOf(b).length - pathOf(a).length)[0] ??
      shown.find((f) => pathOf(f).startsWith(`${path}.`)) ??
      null;
    return { field, text: field ? message : line };
  });
}
