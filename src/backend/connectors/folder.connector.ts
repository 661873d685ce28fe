import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  PostalAddress,
  Receipt,
  SendOutcome,
} from './connector';

/**
 * The folder connector (docs/connectors.md, "folder"): hands each validated MeMo message to a municipality's own
 * integration by writing `<uuid>.json` (a small receipt) and then `<uuid>.xml` (the exact XML) into a configured
 * folder, each atomically (a hidden temp file in the same folder, fsync, rename, fsync of the folder). The XML is
 * written last: its appearance means the pair is complete. File names carry only the lower-case UUID, never a CPR
 * or a name. Idempotent by UUID; look-up by UUID reads the folder. The folder is never created here: a missing
 * folder is a network drive that is gone (or a wrong setting), and the outbox waits for it.
 */

export interface FolderConnectorOptions {
  /** The hand-off folder (a full path; a network share is fine). Must exist. */
  outDir: string;
  clock?: () => Date;
  /** MeMo validation (validateMemo bound to the XSD folder); a message that fails is refused and never written. */
  validate?: (xml: string) => Promise<{ valid: boolean; errors: string[] }>;
}

/** The XSD's dt:memoUuidType (a version-4 UUID), the only thing that ever becomes a file name here. */
const UUID_V4 = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/;
const RECEIPT_FORMAT = 'sendeassistent-folder-receipt';
const MAX_ERRORS_SHOWN = 3;

const postalAddressSchema = z.strictObject({
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
});
const receiptFileSchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(1),
  messageUUID: z.string(),
  channel: z.enum(['digital', 'physical', 'auto']),
  postalAddress: postalAddressSchema.optional(),
  receivedAt: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FolderReceiptFile = z.output<typeof receiptFileSchema>;

/** Error codes that mean "the folder cannot be reached or written just now": the outbox waits, no budget used. */
const OFFLINE_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'EBUSY',
  'EAGAIN',
  'EIO',
  'ESTALE',
  'ETIMEDOUT',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ENETUNREACH',
  'ENOTCONN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
]);
/** Full: retried with backoff and, after 8 attempts, shown to a person. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
/** A rename that failed with one of these did not happen; any other error leaves it open (network file systems). */
const RENAME_DEFINITE_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'EBUSY',
  'EXDEV',
  'EISDIR',
  ...FULL_CODES,
]);

export function createFolderConnector(options: FolderConnectorOptions): Connector {
  const outDir = options.outDir;
  const clock = options.clock ?? (() => new Date());
  const validate = options.validate;
  /** One send per UUID at a time in this process (the outbox already claims a UUID once across processes). */
  const inFlight = new Map<string, Promise<unknown>>();
  let closed = false;

  const xmlPath = (id: string) => join(outDir, `${id}.xml`);
  const jsonPath = (id: string) => join(outDir, `${id}.json`);

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    if (closed) return { kind: 'offline', message: 'Mappeforbindelsen er lukket.' };
    if (typeof message.messageUUID !== 'string' || !UUID_V4.test(message.messageUUID)) {
      return {
        kind: 'rejected',
        message:
          'Meddelelsens id (messageUUID) er ikke et gyldigt UUID af version 4; intet er lagt i mappen.',
      };
    }
    const id = message.messageUUID.toLowerCase();
    const previous = inFlight.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => sendOne(id, message));
    inFlight.set(id, run);
    try {
      return await run;
    } finally {
      if (inFlight.get(id) === run) inFlight.delete(id);
    }
  }

  async function sendOne(id: string, message: OutgoingMessage): Promise<SendOutcome> {
    const refused = checkMessage(id, message);
    if (refused) return { kind: 'rejected', message: refused };

    if (validate) {
      let result: { valid: boolean; errors: string[] };
      try {
        result = await validate(message.memoXml);
      } catch (err) {
        // The validator itself failed (e.g. schema files missing): not the message's fault, so not a refusal.
        return {
          kind: 'server_error',
          message: `MeMo-valideringen kunne ikke gennemføres; intet er lagt i mappen. (${firstLine(err)})`,
        };
      }
      if (!result.valid) {
        return {
          kind: 'rejected',
          message: `Meddelelsen er ikke gyldig MeMo og er ikke lagt i mappen: ${summarise(result.errors)}`,
        };
      }
    }

    const xml = Buffer.from(message.memoXml, 'utf8');
    const sha256 = createHash('sha256').update(xml).digest('hex');

    // Idempotency: a UUID carries exactly one message.
    let existing: Buffer | null;
    try {
      existing = await readFile(xmlPath(id));
    } catch (err) {
      if (code(err) !== 'ENOENT') return failure(err, 'before');
      // ENOENT on the file, or on the folder itself (then the writes below fail with offline).
      existing = null;
    }
    if (existing) return resend(id, message, existing, sha256);

    const receiptFile = makeReceiptFile(message, clock().toISOString(), sha256);
    try {
      await removeStaleTemps(id);
      // The receipt first, the XML last: a reader that sees `<uuid>.xml` finds its receipt beside it.
      await writeAtomically(jsonPath(id), receiptBytes(receiptFile));
    } catch (err) {
      return failure(err instanceof WriteError ? err.cause : err, 'before'); // no XML yet: nothing handed off
    }
    try {
      await writeAtomically(xmlPath(id), xml);
    } catch (err) {
      return err instanceof WriteError ? failure(err.cause, err.phase) : failure(err, 'before');
    }
    return { kind: 'accepted', receipt: toReceipt(id, receiptFile) };
  }

  /** `<uuid>.xml` exists: the same bytes → the existing receipt; other bytes (or another channel) → refused. */
  async function resend(
    id: string,
    message: OutgoingMessage,
    existing: Buffer,
    sha256: string,
  ): Promise<SendOutcome> {
    const existingSha = createHash('sha256').update(existing).digest('hex');
    if (existingSha !== sha256) {
      return {
        kind: 'rejected',
        message:
          'Mappen har allerede en anden meddelelse med samme id (messageUUID). Et id må aldrig bære to ' +
          'forskellige meddelelser, så denne er ikke lagt i mappen.',
      };
    }
    try {
      const receiptFile = await readReceiptFile(id);
      if (receiptFile) {
        if (receiptFile.sha256 !== sha256 || !sameHandOff(receiptFile, message)) {
          return {
            kind: 'rejected',
            message:
              'Meddelelsen ligger allerede i mappen, men med en anden kanal eller postadresse. Et id må aldrig ' +
              'bære to forskellige afleveringer, så intet er ændret.',
          };
        }
        return { kind: 'accepted', receipt: toReceipt(id, receiptFile) };
      }
      // The XML is there but its receipt is gone (removed by someone): write the receipt again, not the XML.
      const receivedAt = (await stat(xmlPath(id))).mtime.toISOString();
      const repaired = makeReceiptFile(message, receivedAt, sha256);
      await removeStaleTemps(id);
      await writeAtomically(jsonPath(id), receiptBytes(repaired));
      return { kind: 'accepted', receipt: toReceipt(id, repaired) };
    } catch (err) {
      // The XML is in the folder already; only the receipt could not be read or written: try again later.
      return failure(err instanceof WriteError ? err.cause : err, 'before');
    }
  }

  async function readReceiptFile(id: string): Promise<FolderReceiptFile | null> {
    let text: string;
    try {
      text = await readFile(jsonPath(id), 'utf8');
    } catch (err) {
      if (code(err) === 'ENOENT') return null;
      throw err;
    }
    try {
      const parsed = receiptFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Writes `bytes` to `target` so that a reader sees either nothing or the whole file: a hidden temp file in the
   * same folder (`.<name>.tmp-<pid>-<random>`, never matching `*.xml` or `*.json`), fsync, rename, fsync of the
   * folder. A failure is a WriteError saying how far it got, for an honest outcome.
   */
  async function writeAtomically(target: string, bytes: Buffer): Promise<void> {
    const tmp = join(outDir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const handle = await open(tmp, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new WriteError('before', err);
    }
    try {
      await rename(tmp, target);
    } catch (err) {
      // On a network file system a rename whose answer was lost may still have happened.
      const definite = RENAME_DEFINITE_CODES.has(code(err) ?? '');
      if (definite) await unlink(tmp).catch(() => undefined);
      throw new WriteError(definite ? 'before' : 'rename', err);
    }
    try {
      await syncDir();
    } catch (err) {
      throw new WriteError('after', err);
    }
  }

  /** Temp files of this UUID left by a crash (the outbox sends a UUID from one place at a time). */
  async function removeStaleTemps(id: string): Promise<void> {
    const prefixes = [`.${id}.xml.tmp-`, `.${id}.json.tmp-`];
    for (const entry of await readdir(outDir)) {
      if (prefixes.some((p) => entry.startsWith(p))) await unlink(join(outDir, entry)).catch(() => undefined);
    }
  }

  async function syncDir(): Promise<void> {
    // Windows cannot open a folder for fsync (NTFS journals the rename itself); some network file systems refuse it.
    if (process.platform === 'win32') return;
    const dir = await open(outDir, 'r');
    try {
      await dir.sync();
    } catch (err) {
      if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR'].includes(code(err) ?? '')) throw err;
    } finally {
      await dir.close();
    }
  }

  /**
   * Reads the folder. Whatever keeps it from being read (missing, not a folder, no access, a network error) is
   * `unreachable`, never `not_received`: the outbox asks again later, and a gone network drive cannot cause a second
   * hand-off. This connector can always answer once the folder is back, so it never says `unavailable`.
   */
  async function lookup(messageUUID: string): Promise<LookupOutcome> {
    if (typeof messageUUID !== 'string' || !UUID_V4.test(messageUUID)) return { kind: 'not_received' };
    const id = messageUUID.toLowerCase();
    try {
      const dir = await stat(outDir);
      if (!dir.isDirectory()) return { kind: 'unreachable', message: notADirectory(outDir) };
    } catch (err) {
      return { kind: 'unreachable', message: unreachable(outDir, err) };
    }
    try {
      const xmlStat = await stat(xmlPath(id));
      const receiptFile = await readReceiptFile(id);
      if (receiptFile) return { kind: 'delivered', receipt: toReceipt(id, receiptFile) };
      // Only the XML: written last, so it was handed off; its receipt was removed afterwards.
      return {
        kind: 'delivered',
        receipt: {
          reference: `${id}.xml`,
          receivedAt: xmlStat.mtime.toISOString(),
          text: 'Afleveret til mappen',
        },
      };
    } catch (err) {
      if (code(err) !== 'ENOENT') return { kind: 'unreachable', message: unreachable(outDir, err) };
    }
    // No `<uuid>.xml`: only an answer if the folder is still there (a drive gone in between is not "not received").
    try {
      await stat(outDir);
    } catch (err) {
      return { kind: 'unreachable', message: unreachable(outDir, err) };
    }
    return { kind: 'not_received' };
  }

  async function health(): Promise<{ ok: boolean; message: string }> {
    try {
      const dir = await stat(outDir);
      if (!dir.isDirectory()) return { ok: false, message: notADirectory(outDir) };
    } catch (err) {
      return { ok: false, message: unreachable(outDir, err) };
    }
    const probe = join(outDir, `.sendeassistent-probe-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(probe, 'wx', 0o644);
      try {
        await handle.writeFile('probe');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await unlink(probe);
    } catch (err) {
      await unlink(probe).catch(() => undefined);
      const c = code(err);
      if (c === 'EACCES' || c === 'EPERM' || c === 'EROFS') {
        return { ok: false, message: `Sendeassistent må ikke skrive i mappen ${outDir} (${c}). Kontakt IT.` };
      }
      if (c && FULL_CODES.has(c))
        return { ok: false, message: `Der er ikke plads på drevet med mappen ${outDir}.` };
      return { ok: false, message: unreachable(outDir, err) };
    }
    return { ok: true, message: `Mappen ${outDir} kan nås og skrives i.` };
  }

  async function close(): Promise<void> {
    closed = true;
    await Promise.allSettled([...inFlight.values()]);
  }

  return { kind: 'folder', send, lookup, health, close };
}

/** Refusals that need no I/O: the XML must carry the same UUID, and Fysisk Post needs an address. */
function checkMessage(id: string, message: OutgoingMessage): string | null {
  if (typeof message.memoXml !== 'string' || message.memoXml.length === 0) {
    return 'Meddelelsen er tom; intet er lagt i mappen.';
  }
  const inXml = /<(?:[\w.-]+:)?messageUUID>\s*([^<]*?)\s*<\/(?:[\w.-]+:)?messageUUID>/.exec(
    message.memoXml,
  )?.[1];
  if (inXml === undefined || inXml.toLowerCase() !== id) {
    return 'Meddelelsens id (messageUUID) i MeMo-XML stemmer ikke med afsendelsens id; intet er lagt i mappen.';
  }
  if (!['digital', 'physical', 'auto'].includes(message.channel)) {
    return 'Ukendt kanal for afsendelsen; intet er lagt i mappen.';
  }
  if (message.channel === 'physical' && !postalAddressSchema.safeParse(message.postalAddress).success) {
    return 'Fysisk Post kræver modtagerens postadresse; intet er lagt i mappen.';
  }
  return null;
}

class WriteError extends Error {
  constructor(
    readonly phase: 'before' | 'rename' | 'after',
    override readonly cause: unknown,
  ) {
    super(firstLine(cause));
  }
}

function receiptBytes(file: FolderReceiptFile): Buffer {
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
}

function makeReceiptFile(message: OutgoingMessage, receivedAt: string, sha256: string): FolderReceiptFile {
  return {
    format: RECEIPT_FORMAT,
    version: 1,
    messageUUID: message.messageUUID,
    channel: message.channel,
    // The postal address is personal data, written only when the municipality's print integration needs it.
    ...(message.channel === 'physical' && message.postalAddress
      ? { postalAddress: pickAddress(message.postalAddress) }
      : {}),
    receivedAt,
    sha256,
  };
}

function pickAddress(a: PostalAddress): PostalAddress {
  return { name: a.name, street: a.street, postalCode: a.postalCode, city: a.city };
}

function sameHandOff(file: FolderReceiptFile, message: OutgoingMessage): boolean {
  if (file.channel !== message.channel) return false;
  if (message.channel !== 'physical') return true;
  return JSON.stringify(file.postalAddress) === JSON.stringify(pickAddress(message.postalAddress!));
}

function toReceipt(id: string, file: FolderReceiptFile): Receipt {
  return { reference: `${id}.xml`, receivedAt: file.receivedAt, text: receiptText(file.channel) };
}

function receiptText(channel: FolderReceiptFile['channel']): string {
  if (channel === 'physical') return 'Afleveret til mappen til Fysisk Post';
  if (channel === 'auto') return 'Afleveret til mappen (Digital Post, ellers Fysisk Post)';
  return 'Afleveret til mappen';
}

/**
 * The outcome for a failed write. Before the XML's rename nothing is visible: offline (the folder is gone or
 * closed to us) or server_error (full, or anything unexpected: bounded retries, then a person). A rename that failed
 * in a way that may still have happened, or a failure after it, is `interrupted`: the outbox looks the UUID up.
 */
function failure(err: unknown, phase: 'before' | 'rename' | 'after'): SendOutcome {
  const c = code(err) ?? '';
  const detail = c || firstLine(err);
  if (phase === 'after' || (phase === 'rename' && !RENAME_DEFINITE_CODES.has(c))) {
    return {
      kind: 'interrupted',
      message: `Meddelelsen blev måske lagt i mappen, men det kunne ikke bekræftes (${detail}). Den slås op igen.`,
    };
  }
  if (FULL_CODES.has(c)) {
    return { kind: 'server_error', message: `Der er ikke plads i mappen (${c}); intet er lagt i mappen.` };
  }
  if (OFFLINE_CODES.has(c)) {
    return {
      kind: 'offline',
      message: `Mappen kan ikke nås eller skrives i lige nu (${c}); afsendelsen venter og prøves igen.`,
    };
  }
  return { kind: 'server_error', message: `Meddelelsen kunne ikke lægges i mappen (${detail}).` };
}

function unreachable(outDir: string, err: unknown): string {
  const c = code(err);
  if (c === 'ENOENT') {
    return `Mappen ${outDir} findes ikke eller kan ikke nås. Er netværksdrevet afbrudt, eller er mappen flyttet?`;
  }
  if (c === 'EACCES' || c === 'EPERM') return `Sendeassistent har ikke adgang til mappen ${outDir} (${c}).`;
  return `Mappen ${outDir} kan ikke nås (${c ?? firstLine(err)}).`;
}

function notADirectory(outDir: string): string {
  return `${outDir} er ikke en mappe.`;
}

function code(err: unknown): string | undefined {
  const c = (err as NodeJS.ErrnoException | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/**
 * The first few validation errors for the outbox and the history. libxml2 quotes offending values ("Element
 * '{…}mandatory': '0101011234' is not a valid value…"), which may be a CPR or a name: every quoted text except
 * element names, type names and facet names is masked, and so is any CPR-like number.
 */
function summarise(errors: string[]): string {
  const shown = errors.slice(0, MAX_ERRORS_SHOWN).map(redact);
  const more = errors.length - shown.length;
  const text = shown.join('; ') || 'ukendt fejl';
  return more > 0 ? `${text}; og ${more} fejl mere` : text;
}

function redact(line: string): string {
  return line
    .replace(/(\[facet )?'([^']*)'/g, (quoted: string, facet: string | undefined, inner: string) =>
      facet || /^\{[^}]*\}[\w.-]+$/.test(inner) || /^[A-Za-z][\w-]*:[A-Za-z][\w.-]*$/.test(inner)
        ? quoted
        : "'…'",
    )
    .replace(/\d{6}-?\d{4}/g, '…')
    .slice(0, 300);
}
