import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { createBackend, type Backend } from '../backend/create-backend';
import { addPassphraseWrap, DB_FILE } from '../backend/db/store';
import { MIN_PASSPHRASE_LENGTH } from '../backend/keys/key-file';
import type { KeyStore } from '../backend/ports';
import { AppError, ERROR_MESSAGES } from '../shared/result';
import { readSecret } from './read-secret';
import { analyzeCommand, InputError } from './analyze';
import { checkCommand } from './check';
import { sendCommand } from './send';
import { settingsCommand } from './settings';
import { outboxCommand } from './outbox';
import { defaultDataDir } from '../backend/settings/data-dir';
import { homedir } from 'node:os';

/** What the host (the `sendeassistent` bin under Node, or the app started with `--cli`) gives the CLI. */
export interface CliHost {
  version: string;
  resourcesDir: string;
  /** The OS key store, when the CLI runs inside the app; absent under plain Node. */
  keyStore?: KeyStore;
  nativeBinding?: string;
  env: Record<string, string | undefined>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The installed app (`Sendeassistent --cli`) rather than a development checkout: decides the default data folder. */
  isPackaged?: boolean;
  /** Reads a secret from the terminal without echo; absent when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
}

export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;

const HELP = `sendeassistent ${'<version>'}: administration af Sendeassistent

Brug:
  sendeassistent --help | --version
  sendeassistent audit verify --data-dir <mappe>
      Kontrollerer historikkens hash-kæde og nævner den første ødelagte række.
  sendeassistent analyze <fil.pdf> [--password <kode>] [--policy <fil.json>] [--json]
      Læser et dokument som programmet gør, når det trækkes ind: tekst, CPR-numre, sagsnumre,
      modtager ifølge brevet og dokumenttype. Kræver ingen database. --password er dokumentets
      egen adgangskode (ikke databasens).
  sendeassistent check --cases <sager.json|.csv> --case <sagsnummer> --document <fil.pdf>
        [--type <nøgle>] [--recipient <part-id>]... [--password <kode>] [--policy <fil.json>]
        [--today ÅÅÅÅ-MM-DD] [--json]
      Kontrollerer et dokument mod en sag fra en sagsfil, som vinduet gør: forslag til modtagere,
      fund og samlet resultat. Uden --recipient kontrolleres de foreslåede modtagere. Kræver
      ingen database. Afslutningskode 0, når et resultat er nået.
  sendeassistent send --cases <sager.json|.csv> --case <sagsnummer> --document <fil.pdf>
        --recipient <part-id>... [--type <nøgle>] [--password <kode>] [--policy <fil.json>]
        [--connector sandbox|folder] [--out <mappe>] [--delay <sekunder>] [--data-dir <mappe>] [--json]
      Sender et dokument som vinduet gør: samme kontrol, én MeMo-meddelelse pr. modtager gennem
      udbakken, præcis én gang. Databasen oprettes ved første brug. Kører programmet på samme
      datamappe, sender det forsendelserne. Afslutningskoder: 0 sat i kø eller sendt, 2 forkert
      brug, 3 afvist af kontrollen (koden står i JSON), 4 forbindelsen fejlede (forsendelserne
      venter i udbakken og sendes senere).
  sendeassistent settings show [--data-dir <mappe>] [--json]
  sendeassistent settings set <nøgle> <json-værdi> [--data-dir <mappe>]
      Viser eller ændrer indstillingerne i databasen (fx sender, caseSystem, sendDelaySeconds).
      Værdier, som IT har låst i maskinens indstillingsfil, kan ikke ændres.
  sendeassistent settings set-certificate-password [--data-dir <mappe>]
      Gemmer adgangskoden til kommunens SF1601-certifikat i databasen (krypteret, aldrig i en
      indstillingsfil). Læses fra SENDEASSISTENT_CERT_PASSWORD eller spørges om i terminalen.
  sendeassistent outbox list [--unresolved] [--data-dir <mappe>] [--json]
  sendeassistent outbox cancel|retry <id> --reason <tekst> [--data-dir <mappe>]
  sendeassistent outbox resolve <id> delivered|resend --reason <tekst> [--data-dir <mappe>]
      Viser udbakken (--unresolved: kun dem, der venter på en medarbejder) og annullerer, prøver
      igen eller afgør en forsendelse med uvis status. Begrundelsen gemmes i historikken.
  sendeassistent key add-passphrase --data-dir <mappe>
      Tilføjer en adgangsfrase-indpakning af databasens nøgle (til CLI og gendannelse).
      Den nye frase læses fra SENDEASSISTENT_NEW_PASSPHRASE eller spørges om i terminalen.

Kommandoer, der åbner databasen, læser adgangsfrasen fra miljøvariablen SENDEASSISTENT_PASSPHRASE
(aldrig fra et flag, så den ikke havner i proceslister og shell-historik).

Afslutningskoder: 0 i orden, 1 kontrollen fandt en fejl, 2 forkert brug eller ulæselige inddata.`;

class UsageError extends Error {}

export async function runCli(argv: string[], host: CliHost): Promise<number> {
  try {
    return await run(argv, host);
  } catch (err) {
    if (err instanceof UsageError) {
      host.stderr(`Fejl: ${err.message}\nSe: sendeassistent --help\n`);
      return EXIT.usage;
    }
    if (err instanceof AppError) {
      host.stderr(`Fejl (${err.code}): ${ERROR_MESSAGES[err.code]}\n`);
      return EXIT.usage;
    }
    host.stderr(`Uventet fejl: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
}

async function run(argv: string[], host: CliHost): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        'data-dir': { type: 'string' },
        password: { type: 'string' },
        cases: { type: 'string' },
        case: { type: 'string' },
        document: { type: 'string' },
        type: { type: 'string' },
        recipient: { type: 'string', multiple: true },
        today: { type: 'string' },
        policy: { type: 'string' },
        connector: { type: 'string' },
        out: { type: 'string' },
        delay: { type: 'string' },
        unresolved: { type: 'boolean' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError(danishParseError(err));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    host.stdout(`${host.version}\n`);
    return EXIT.ok;
  }
  if (values.help || positionals.length === 0) {
    host.stdout(`${HELP.replace('<version>', host.version)}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (positionals[0] === 'analyze') {
    if (positionals.length !== 2)
      throw new UsageError('brug: sendeassistent analyze <fil.pdf> [--password <kode>] [--json]');
    try {
      return await analyzeCommand(
        {
          file: positionals[1]!,
          password: values.password,
          policy: values.policy,
          json: values.json === true,
        },
        host,
      );
    } catch (err) {
      if (err instanceof InputError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (positionals[0] === 'check') {
    if (positionals.length !== 1 || !values.cases || !values.case || !values.document) {
      throw new UsageError(
        'brug: sendeassistent check --cases <sager.json> --case <sagsnummer> --document <fil.pdf> [--type <nøgle>] [--recipient <part-id>]... [--json]',
      );
    }
    try {
      return await checkCommand(
        {
          cases: values.cases,
          caseNumber: values.case,
          document: values.document,
          type: values.type,
          recipients: values.recipient ?? [],
          password: values.password,
          policy: values.policy,
          today: values.today,
          json: values.json === true,
        },
        { ...host, now: () => new Date() },
      );
    } catch (err) {
      if (err instanceof InputError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (positionals[0] === 'send') {
    if (positionals.length !== 1 || !values.cases || !values.case || !values.document) {
      throw new UsageError(
        'brug: sendeassistent send --cases <sager.json> --case <sagsnummer> --document <fil.pdf> --recipient <part-id>... [--connector sandbox|folder] [--out <mappe>] [--delay <sekunder>] [--data-dir <mappe>] [--json]',
      );
    }
    try {
      return await sendCommand(
        {
          cases: values.cases,
          caseNumber: values.case,
          document: values.document,
          recipients: values.recipient ?? [],
          type: values.type,
          password: values.password,
          policy: values.policy,
          connector: values.connector,
          out: values.out,
          delay: values.delay,
          dataDir: dataDirOrDefault(values['data-dir'], host),
          json: values.json === true,
        },
        { ...host, passphrase: passphraseFromEnv(host) },
      );
    } catch (err) {
      if (err instanceof InputError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (positionals[0] === 'settings' || positionals[0] === 'outbox') {
    const dataDir = dataDirOrDefault(values['data-dir'], host);
    // Saving a setting (or the certificate's password) may be the first thing IT does on a PC: it creates the store.
    const creates =
      positionals[0] === 'settings' &&
      (positionals[1] === 'set' || positionals[1] === 'set-certificate-password');
    if (!creates && !existsSync(join(dataDir, DB_FILE))) {
      throw new UsageError(`der er ingen Sendeassistent-database i ${dataDir}`);
    }
    const passphrase = passphraseFromEnv(host);
    if (!host.keyStore && passphrase === undefined) {
      throw new UsageError(
        'SENDEASSISTENT_PASSPHRASE er ikke sat: databasen kan ikke åbnes uden adgangsfrasen',
      );
    }
    const context = { ...host, dataDir, passphrase, json: values.json === true };
    try {
      if (positionals[0] === 'outbox') {
        return await outboxCommand(
          positionals.slice(1),
          { unresolved: values.unresolved === true, reason: values.reason },
          context,
        );
      }
      return await settingsCommand(positionals.slice(1), context);
    } catch (err) {
      if (err instanceof InputError) throw new UsageError(err.message);
      throw err;
    }
  }
  const command = positionals.join(' ');
  switch (command) {
    case 'audit verify':
      return auditVerify(requireDataDir(values['data-dir']), host);
    case 'key add-passphrase':
      return keyAddPassphrase(requireDataDir(values['data-dir']), host);
    default:
      throw new UsageError(`ukendt kommando "${command}"`);
  }
}

/** node:util parseArgs speaks English; the command speaks Danish. */
function danishParseError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `ukendt tilvalg ${option}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `tilvalget ${option} mangler en værdi eller har en forkert værdi (skriv fx ${option || '--tilvalg'}=værdi, hvis værdien begynder med -)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `uventet argument: ${message.replace(/^.*?'([^']*)'.*$/, '$1')}`;
    default:
      return message;
  }
}

/** `--data-dir`, else the folder the app itself uses on this machine (local application data). */
function dataDirOrDefault(dir: string | undefined, host: CliHost): string {
  if (dir) return resolve(dir);
  return defaultDataDir({
    platform: process.platform,
    env: host.env,
    homeDir: homedir(),
    isPackaged: host.isPackaged === true,
  });
}

function requireDataDir(dir: string | undefined): string {
  if (!dir) throw new UsageError('--data-dir <mappe> mangler');
  return resolve(dir);
}

function passphraseFromEnv(host: CliHost): string | undefined {
  const p = host.env.SENDEASSISTENT_PASSPHRASE;
  return p === undefined || p === '' ? undefined : p;
}

function openBackend(dataDir: string, host: CliHost): Backend {
  if (!existsSync(join(dataDir, DB_FILE))) {
    throw new UsageError(`der er ingen Sendeassistent-database i ${dataDir}`);
  }
  const passphrase = passphraseFromEnv(host);
  if (!host.keyStore && passphrase === undefined) {
    throw new UsageError(
      'SENDEASSISTENT_PASSPHRASE er ikke sat: databasen kan ikke åbnes uden adgangsfrasen',
    );
  }
  return createBackend({
    dataDir,
    resourcesDir: host.resourcesDir,
    keyStore: host.keyStore,
    passphrase,
    nativeBinding: host.nativeBinding,
    currentUser: { name: () => userInfo().username },
    seedDemoData: false,
    allowCreate: false,
    inspectOnly: true,
    appVersion: host.version,
  });
}

async function auditVerify(dataDir: string, host: CliHost): Promise<number> {
  const backend = openBackend(dataDir, host);
  try {
    const res = await backend.dispatcher.json('audit:verify', {});
    if (!res.ok) {
      host.stderr(`Fejl (${res.error.code}): ${res.error.message}\n`);
      return EXIT.usage;
    }
    const v = res.value as {
      intact: boolean;
      rowsChecked: number;
      firstBrokenSeq: number | null;
      reason: string | null;
    };
    if (v.intact) {
      host.stdout(`Historikken er intakt: ${v.rowsChecked} rækker kontrolleret.\n`);
      return EXIT.ok;
    }
    host.stdout(`Historikken er brudt ved række ${v.firstBrokenSeq}: ${v.reason}\n`);
    return EXIT.checkFailed;
  } finally {
    backend.close();
  }
}

async function keyAddPassphrase(dataDir: string, host: CliHost): Promise<number> {
  let next = host.env.SENDEASSISTENT_NEW_PASSPHRASE;
  if (!next) {
    if (!host.prompt) {
      throw new UsageError('ingen terminal: sæt den nye adgangsfrase i SENDEASSISTENT_NEW_PASSPHRASE');
    }
    next = await host.prompt('Ny adgangsfrase (mindst 12 tegn): ');
    const again = await host.prompt('Gentag adgangsfrasen: ');
    if (next !== again) throw new UsageError('de to adgangsfraser er ikke ens');
  }
  if (next.length < MIN_PASSPHRASE_LENGTH)
    throw new UsageError(`adgangsfrasen skal være mindst ${MIN_PASSPHRASE_LENGTH} tegn`);
  const passphrase = passphraseFromEnv(host);
  if (!host.keyStore && passphrase === undefined) {
    throw new UsageError(
      'nøglen kan ikke åbnes: kør kommandoen gennem programmet (Sendeassistent --cli key add-passphrase …) eller sæt SENDEASSISTENT_PASSPHRASE til en eksisterende adgangsfrase',
    );
  }
  addPassphraseWrap(dataDir, { keyStore: host.keyStore, passphrase }, next, new Date());
  host.stdout('Adgangsfrasen er tilføjet til nøglefilen. Opbevar den sikkert; den kan åbne databasen.\n');
  return EXIT.ok;
}

export { readSecret };
