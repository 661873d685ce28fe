import { z } from 'zod';
import { SUPPORTED_MEMO_VERSIONS, unsupportedMemoVersionMessage } from './memo';
import da from 'zod/v4/locales/da.js';

/**
 * The installation's settings (docs/settings.md). Three layers make the settings in force:
 * defaults ← the machine-wide file from IT (its unlocked values act as defaults) ← the values saved in the store
 * ← the machine file's values at the paths IT has locked.
 *
 * Every top-level value is whole: a layer that sets `connector` sets all of it. Locks name a top-level key
 * (`sender`) or a dotted path below it (`sender.cvr`, `connector.kind`, `connector.options.outDir`); a locked path
 * always has the value the defaults and the machine file give it, whatever was saved in the store.
 *
 * The schemas are strict: a misspelt or unknown key is refused, never silently dropped.
 */

/** The MeMo version rule lives with the MeMo types; a setting refuses what the builder cannot write. */
export const memoVersionRefusal = unsupportedMemoVersionMessage;

/** An absolute path on Windows (`C:\…`, `\\server\share`) or POSIX (`/…`). No `node:path` here: shared/ runs anywhere. */
const ABSOLUTE_PATH = /^(?:[A-Za-z]:[\\/]|\\\\|\/\/|\/)/;

export const pathSchema = z
  .string()
  .trim()
  .min(1, 'Stien må ikke være tom')
  .max(1024, 'Stien er for lang (højst 1024 tegn)')
  .refine((p) => !p.includes('\0'), 'Stien indeholder et ugyldigt tegn')
  .refine((p) => ABSOLUTE_PATH.test(p), 'Stien skal være fuld (fx C:\\Mappe\\Undermappe eller /mappe)');

/** MeMo's `memoTextType` is at most 256 characters. */
const memoText = (what: string) =>
  z.string().trim().min(1, `${what} må ikke være tom`).max(256, `${what} må højst være 256 tegn (MeMo)`);

export const senderSchema = z.strictObject({
  /** The municipality's CVR number: MeMo's sender id. */
  cvr: z.string().regex(/^\d{8}$/, 'CVR-nummeret skal være præcis 8 cifre'),
  /** The sender's name as the citizen sees it in Digital Post. */
  name: memoText('Afsenderens navn'),
});

export const sandboxOptionsSchema = z.strictObject({
  /** A fixed port on 127.0.0.1; a free port is chosen when absent. */
  port: z
    .number()
    .int('Porten skal være et heltal')
    .min(1024, 'Porten skal være mellem 1024 og 65535')
    .max(65535, 'Porten skal være mellem 1024 og 65535')
    .optional(),
});

export const folderOptionsSchema = z.strictObject({
  /** Where the validated MeMo XML files and their receipts are written, for the municipality's own integration. */
  outDir: pathSchema,
});

const httpsUrl = z
  .string()
  .trim()
  .max(1024, 'Adressen er for lang')
  .refine((u) => {
    try {
      return new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Adressen skal være en fuld https://-adresse');

/**
 * KOMBIT Serviceplatformen, SF1601 (docs/sf1601.md). The certificate's password is not a setting: it is kept in the
 * store, wrapped by the OS key store (`settings:setCertificatePassword`, `sendeassistent settings
 * set-certificate-password`).
 */
export const sf1601OptionsSchema = z.strictObject({
  /** KOMBIT's test environment ("eksterntest") or production. */
  endpoint: z.enum(['test', 'production'], 'Miljøet skal være "test" eller "production"'),
  /** The municipality's OCES3 function certificate with its key, PKCS#12 (.p12/.pfx). */
  certificatePath: pathSchema,
  /** Extra CA certificates (PEM) to trust besides the built-in ones, e.g. a proxy's or a test environment's. */
  caFile: pathSchema.optional(),
  /** An HTTPS proxy (`http://proxy:8080`); `HTTPS_PROXY` is used when absent. */
  proxy: z
    .string()
    .trim()
    .max(1024)
    .refine((u) => {
      try {
        // The tunnel is made with CONNECT over plain HTTP to the proxy; the TLS inside it is end to end.
        return new URL(u).protocol === 'http:';
      } catch {
        return false;
      }
    }, 'Proxyen skal skrives som http://vært:port')
    .optional(),
  /** The Fjernprint `ForsendelseTypeIdentifikator` KOMBIT gave the municipality, for letters on paper. */
  forsendelseTypeIdentifikator: z
    .number()
    .int('Forsendelsestypen skal være et helt tal')
    .positive('Forsendelsestypen skal være et positivt tal')
    .optional(),
  /** Ask PostForespoerg before each send whether a recipient can receive Digital Post. */
  checkDigitalPostStatus: z.boolean().optional(),
  /** Other addresses for the four services (a municipal gateway; the tests' mock). Absent: the environment's own. */
  urls: z
    .strictObject({
      sts: httpsUrl,
      accessToken: httpsUrl,
      kombiPostAfsend: httpsUrl,
      postForespoerg: httpsUrl,
    })
    .optional(),
});

export const connectorKinds = ['sandbox', 'folder', 'sf1601'] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

export const connectorSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('sandbox'), options: sandboxOptionsSchema }),
    z.strictObject({ kind: z.literal('folder'), options: folderOptionsSchema }),
    z.strictObject({ kind: z.literal('sf1601'), options: sf1601OptionsSchema }),
  ],
  { error: 'Forbindelsen skal være "sandbox", "folder" eller "sf1601"' },
);

/** The fields, without defaults: the machine file and updates use them as they are (every key optional). */
export const settingsFields = {
  /** Null until set: nothing can be sent before the sender is known. */
  sender: senderSchema.nullable(),
  connector: connectorSchema,
  memoVersion: z.literal(SUPPORTED_MEMO_VERSIONS[0], { error: (iss) => memoVersionRefusal(iss.input) }),
  /** MeMo `ContentData/CaseID/caseSystem`: the case system the case numbers come from. Null until set. */
  caseSystem: memoText('Sagssystemet').nullable(),
  /** The undo window: how long a queued message waits before it is sent. */
  sendDelaySeconds: z
    .number()
    .int('Forsinkelsen skal være et helt antal sekunder')
    .min(0, 'Forsinkelsen skal være mellem 0 og 600 sekunder')
    .max(600, 'Forsinkelsen skal være mellem 0 og 600 sekunder'),
  /** The municipality's policy pack; null = the default pack that ships with the app. */
  policyFile: pathSchema.nullable(),
  /** The data folder; null = the local (non-roaming) application-data folder. Never on a network share. */
  dataDir: pathSchema.nullable(),
  /** Minutes without activity before the window locks (the approval issue). */
  idleLockMinutes: z
    .number()
    .int('Tiden skal være et helt antal minutter')
    .min(1, 'Tiden skal være mellem 1 og 240 minutter')
    .max(240, 'Tiden skal være mellem 1 og 240 minutter'),
  /**
   * The shared folder approval requests and decisions travel through between installations (docs/approval.md,
   * "Across desks"); null = approval on this installation only. Nothing read from it is trusted unverified.
   */
  approvalFolder: pathSchema.nullable(),
  /**
   * The fingerprint (SHA-256 of the public key, hex) of the admin key that signs the roster of users. Only IT's
   * machine file sets it (a saved value is refused): an installation without it pins its own first admin's key.
   */
  adminKeyFingerprint: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'Fingeraftrykket skal være 64 hexadecimale tegn (SHA-256)')
    .nullable(),
} as const;

export type SettingsKey = keyof typeof settingsFields;
export const settingsKeys = Object.keys(settingsFields) as SettingsKey[];

export const settingsSchema = z.strictObject({
  sender: settingsFields.sender.default(null),
  connector: settingsFields.connector.default({ kind: 'sandbox', options: {} }),
  memoVersion: settingsFields.memoVersion.default('1.1'),
  caseSystem: settingsFields.caseSystem.default(null),
  sendDelaySeconds: settingsFields.sendDelaySeconds.default(30),
  policyFile: settingsFields.policyFile.default(null),
  dataDir: settingsFields.dataDir.default(null),
  idleLockMinutes: settingsFields.idleLockMinutes.default(10),
  approvalFolder: settingsFields.approvalFolder.default(null),
  adminKeyFingerprint: settingsFields.adminKeyFingerprint.default(null),
});

export type Settings = z.output<typeof settingsSchema>;
export type Connector = Settings['connector'];

/** What a layer sets: any top-level keys, each with its whole value. */
export const settingsPatchSchema = z.strictObject({
  sender: settingsFields.sender.optional(),
  connector: settingsFields.connector.optional(),
  memoVersion: settingsFields.memoVersion.optional(),
  caseSystem: settingsFields.caseSystem.optional(),
  sendDelaySeconds: settingsFields.sendDelaySeconds.optional(),
  policyFile: settingsFields.policyFile.optional(),
  dataDir: settingsFields.dataDir.optional(),
  idleLockMinutes: settingsFields.idleLockMinutes.optional(),
  approvalFolder: settingsFields.approvalFolder.optional(),
  adminKeyFingerprint: settingsFields.adminKeyFingerprint.optional(),
});
export type SettingsPatch = z.output<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** The option keys of each connector kind, for lock paths such as `connector.options.outDir`. */
export const CONNECTOR_OPTION_KEYS: Record<ConnectorKind, readonly string[]> = {
  sandbox: ['port'],
  folder: ['outDir'],
  sf1601: ['endpoint', 'certificatePath'],
};

/** Every path IT can lock, with its Danish label (used in messages and docs/settings.md). */
export const SETTINGS_PATH_LABELS = {
  sender: 'afsender',
  'sender.cvr': 'afsenderens CVR-nummer',
  'sender.name': 'afsenderens navn',
  connector: 'forbindelse til Digital Post',
  'connector.kind': 'forbindelsestype',
  'connector.options': 'forbindelsens indstillinger',
  'connector.options.port': 'sandkassens port',
  'connector.options.outDir': 'mappen, som forsendelser skrives til',
  'connector.options.endpoint': 'SF1601-miljø',
  'connector.options.certificatePath': 'SF1601-certifikat',
  memoVersion: 'MeMo-version',
  caseSystem: 'sagssystem',
  sendDelaySeconds: 'forsinkelse før afsendelse',
  policyFile: 'regelsæt (politikfil)',
  dataDir: 'datamappe',
  idleLockMinutes: 'låsning efter inaktivitet',
  approvalFolder: 'fælles mappe til godkendelser',
  adminKeyFingerprint: 'administratornøglens fingeraftryk',
} as const;

export type SettingsPath = keyof typeof SETTINGS_PATH_LABELS;
export const settingsPaths = Object.keys(SETTINGS_PATH_LABELS) as SettingsPath[];

export function isSettingsPath(value: string): value is SettingsPath {
  return Object.prototype.hasOwnProperty.call(SETTINGS_PATH_LABELS, value);
}

/** True when `path` is locked itself or lies below a locked path (`sender.cvr` under a locked `sender`). */
export function isPathLocked(locked: readonly string[], path: string): boolean {
  return locked.some((l) => l === path || path.startsWith(`${l}.`));
}

/** True when `path` or anything below it is locked: a form section shows a lock mark for a partly locked value. */
export function hasLockWithin(locked: readonly string[], path: string): boolean {
  return locked.some((l) => l === path || l.startsWith(`${path}.`) || path.startsWith(`${l}.`));
}

/** The Danish message for a write to a field IT has locked. */
export function lockedFieldMessage(path: string): string {
  const label = isSettingsPath(path) ? SETTINGS_PATH_LABELS[path] : path;
  return (
    `Indstillingen "${path}" (${label}) er fastlagt af IT i den fælles indstillingsfil på denne computer ` +
    'og kan ikke ændres i Sendeassistent. Kontakt IT, hvis den skal ændres.'
  );
}

/** Zod issues as Danish lines, each naming its field: `prefix.path: message`. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix = '',
  rootLabel = '(indstillingerne)',
): string[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return `${path || rootLabel}: ${issue.message}`;
  });
}

let danish: z.core.$ZodErrorMap | undefined;

/** Parses with Danish messages (custom ones above, zod's Danish locale for the rest). */
export function parseDanish<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; issues: z.core.$ZodIssue[] } {
  danish ??= da().localeError;
  const parsed = schema.safeParse(value, { error: danish });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
}

/** What is missing before anything can be sent (Danish, one line each); empty when ready. */
export function missingForSending(settings: Settings): string[] {
  const missing: string[] = [];
  if (settings.sender === null) missing.push('Afsenderens CVR-nummer og navn er ikke angivet.');
  if (settings.caseSystem === null)
    missing.push('Sagssystemet (til MeMo-feltet caseSystem) er ikke angivet.');
  return missing;
}
