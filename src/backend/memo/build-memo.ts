import {
  isSupportedMemoVersion,
  unsupportedMemoVersionMessage,
  type MemoContactPoint,
  type MemoInput,
} from '../../shared/domain/memo';

/**
 * Builds a MeMo 1.1 message (XML, UTF-8) for one PDF to one recipient, in the exact element order of
 * resources/xsd/memo-1.1/MeMo_core.xsd. The result must still pass validateMemo before it is queued; the builder
 * refuses what it can see is wrong (version, UUID, ids, empty or over-long identifiers) with a Danish explanation.
 * Decisions (truncation, file-name cleaning, time format): docs/memo.md.
 */

export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
export const MEMO_SCH_VERSION = '1.1.0';
/** memoTextType: xs:maxLength 256, counted in characters (code points). */
export const MEMO_TEXT_MAX = 256;
const FILE_LANGUAGE = 'da';
const PDF_MIME = 'application/pdf';
const FALLBACK_FILE_NAME = 'dokument.pdf';

export type MemoBuildErrorCode = 'MEMO_VERSION_UNSUPPORTED' | 'MEMO_INPUT_INVALID';

/** A message that cannot be built; `message` is Danish and can be shown as it is. */
export class MemoBuildError extends Error {
  constructor(
    readonly code: MemoBuildErrorCode,
    message: string,
    /** Which input field, for logs and tests; never the value (it may be a CPR number). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MemoBuildError';
  }
}

/** The pattern of dt:memoUuidType: a version-4 UUID (variant 8, 9, a or b). */
const UUID_V4 = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/;

export function buildMemo(input: MemoInput): string {
  if (!isSupportedMemoVersion(input.memoVersion)) {
    throw new MemoBuildError('MEMO_VERSION_UNSUPPORTED', unsupportedMemoVersionMessage(input.memoVersion));
  }
  if (typeof input.messageUUID !== 'string' || !UUID_V4.test(input.messageUUID)) {
    throw invalid('messageUUID', 'Meddelelsens id (messageUUID) skal være et UUID af version 4.');
  }
  const createdDateTime = memoDateTime(input.createdAt);
  const senderCvr = digits(input.sender.cvr, 8, 'sender.cvr', 'Afsenderens CVR-nummer skal være 8 cifre.');
  const recipientId = recipientIdOf(input.recipient);
  const label = requiredLabel(input.label, 'label', 'Forsendelsen mangler en titel.');
  const senderLabel = requiredLabel(input.sender.label, 'sender.label', 'Afsenderens navn mangler.');
  const recipientLabel = memoLabel(input.recipient.label);
  const fileName = cleanMemoFileName(input.document.fileName);
  const content = pdfBase64(input.document.bytes);

  const w = new XmlWriter();
  w.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.open('Message', { 'xmlns:memo': MEMO_NAMESPACE, memoVersion: '1.1', memoSchVersion: MEMO_SCH_VERSION });
  w.open('MessageHeader');
  w.leaf('messageType', 'DIGITALPOST');
  w.leaf('messageUUID', input.messageUUID);
  w.leaf('label', label);
  w.leaf('mandatory', input.mandatory === true ? 'true' : 'false');
  w.leaf('legalNotification', input.legalNotification === true ? 'true' : 'false');
  w.open('Sender');
  w.leaf('senderID', senderCvr);
  w.leaf('idType', 'CVR');
  w.leaf('label', senderLabel);
  if (input.sender.contact) writeContactPoint(w, input.sender.contact);
  w.close('Sender');
  w.open('Recipient');
  w.leaf('recipientID', recipientId);
  w.leaf('idType', input.recipient.idType);
  if (recipientLabel) w.leaf('label', recipientLabel);
  w.close('Recipient');
  if (input.caseId !== undefined) {
    w.open('ContentData');
    w.open('CaseID');
    w.leaf('caseID', identifier(input.caseId, 'caseId', 'Sagsnummeret'));
    w.leaf('caseSystem', identifier(input.caseSystem, 'caseSystem', 'Sagssystemets navn (indstilling)'));
    w.close('CaseID');
    w.close('ContentData');
  }
  w.close('MessageHeader');
  w.open('MessageBody');
  w.leaf('createdDateTime', createdDateTime);
  w.open('MainDocument');
  w.leaf('label', label);
  w.open('File');
  w.leaf('encodingFormat', PDF_MIME);
  w.leaf('filename', fileName);
  w.leaf('language', FILE_LANGUAGE);
  w.leaf('content', content);
  w.close('File');
  w.close('MainDocument');
  w.close('MessageBody');
  w.close('Message');
  return w.toString();
}

function writeContactPoint(w: XmlWriter, contact: MemoContactPoint): void {
  const info = contact.info ?? [];
  if (info.length > 2) {
    throw invalid('sender.contact.info', 'Et kontaktpunkt kan højst have to kontaktoplysninger.');
  }
  w.open('ContactPoint');
  w.leaf(
    'contactPointID',
    identifier(contact.contactPointId, 'sender.contact.contactPointId', 'Kontaktpunktets id'),
  );
  const contactLabel = contact.label === undefined ? '' : memoLabel(contact.label);
  if (contactLabel) w.leaf('label', contactLabel);
  for (const [i, item] of info.entries()) {
    w.open('ContactInfo');
    w.leaf(
      'label',
      requiredLabel(item.label, `sender.contact.info[${i}].label`, 'En kontaktoplysning mangler navn.'),
    );
    w.leaf(
      'value',
      requiredLabel(item.value, `sender.contact.info[${i}].value`, 'En kontaktoplysning mangler værdi.'),
    );
    w.close('ContactInfo');
  }
  w.close('ContactPoint');
}

// ---- values ------------------------------------------------------------------------------------------------

/** dt:memoDateTimeType: UTC ending in `Z`, whole seconds like the official examples (`2018-05-03T12:00:00Z`). */
export function memoDateTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw invalid('createdAt', 'Meddelelsens tidspunkt (createdAt) er ugyldigt.');
  }
  const iso = date.toISOString(); // always UTC, always ends in Z
  if (!/^\d{4}-/.test(iso))
    throw invalid('createdAt', 'Meddelelsens tidspunkt (createdAt) er uden for år 0–9999.');
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function recipientIdOf(recipient: MemoInput['recipient']): string {
  if (recipient.idType === 'CPR') {
    return digits(
      recipient.id,
      10,
      'recipient.id',
      'Modtagerens CPR-nummer skal være 10 cifre (uden bindestreg).',
    );
  }
  if (recipient.idType === 'CVR') {
    return digits(recipient.id, 8, 'recipient.id', 'Modtagerens CVR-nummer skal være 8 cifre.');
  }
  throw invalid('recipient.idType', 'Modtageren skal angives med CPR- eller CVR-nummer.');
}

function digits(value: string, length: number, field: string, message: string): string {
  if (typeof value !== 'string' || !new RegExp(`^\\d{${length}}$`).test(value)) throw invalid(field, message);
  return value;
}

/** Ids (case number, case system) are never shortened: a cut-off case number would point at another case. */
function identifier(value: string | undefined, field: string, what: string): string {
  const text = typeof value === 'string' ? cleanText(value) : '';
  if (!text) throw invalid(field, `${what} mangler.`);
  if ([...text].length > MEMO_TEXT_MAX) {
    throw invalid(field, `${what} er længere end ${MEMO_TEXT_MAX} tegn, som MeMo tillader.`);
  }
  return text;
}

function requiredLabel(value: string, field: string, message: string): string {
  const text = typeof value === 'string' ? memoLabel(value) : '';
  if (!text) throw invalid(field, message);
  return text;
}

/**
 * A display text for MeMo: characters XML 1.0 cannot carry are dropped, whitespace runs (also line breaks) become
 * one space, and a text longer than 256 characters is cut at a whole character (grapheme cluster, so an accent or
 * an emoji is never split) and ends in "…", all within 256 code points.
 */
export function memoLabel(value: string): string {
  const text = cleanText(value);
  if ([...text].length <= MEMO_TEXT_MAX) return text;
  const ellipsis = '…';
  const budget = MEMO_TEXT_MAX - 1;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const n = [...segment].length;
    if (used + n > budget) break;
    out += segment;
    used += n;
  }
  return out.trimEnd() + ellipsis;
}

/**
 * A file name Digital Post accepts (DIGST's validation from Nov 2024, see ../shared/design/digital-post.md §1.2):
 * each run of `< > : " / \ | ? *`, control characters, U+00A0, U+2000–U+200A, U+2028/U+2029, U+205F, U+2060 or
 * U+3000 becomes one `-` (as itk-dev/serviceplatformen does); leading and trailing spaces, dots and dashes go;
 * the name always ends in `.pdf` (any case); it is never empty (`dokument.pdf`) and never longer than 256 characters.
 */
export function cleanMemoFileName(fileName: string): string {
  const cleaned = (typeof fileName === 'string' ? fileName : '')
    .normalize('NFC')
    .replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/gu, '') // lone surrogates (a valid pair is one code point under /u)
    .replace(FORBIDDEN_IN_FILE_NAME, '-');
  // Keep the extension as written (`.PDF` stays `.PDF`); add `.pdf` when there is none.
  const extension = /\.pdf$/i.exec(cleaned)?.[0] ?? '.pdf';
  let base = cleaned.slice(0, cleaned.length - (/\.pdf$/i.test(cleaned) ? 4 : 0));
  base = base.replace(/^[\s.-]+|[\s.-]+$/gu, '');
  if (!base) return FALLBACK_FILE_NAME;
  const maxBase = MEMO_TEXT_MAX - '.pdf'.length;
  if ([...base].length > maxBase) {
    let cut = '';
    let used = 0;
    for (const { segment } of graphemes(base)) {
      const n = [...segment].length;
      if (used + n > maxBase) break;
      cut += segment;
      used += n;
    }
    base = cut.replace(/[\s.-]+$/u, '') || 'dokument';
  }
  return `${base}${extension}`;
}

const FORBIDDEN_IN_FILE_NAME =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  /[<>:"/\\|?*\u0000-\u001F\u007F-\u009F\u00A0\u2000-\u200A\u2028\u2029\u205F\u2060\u3000]+/gu;
// XML 1.0 Char excludes C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF; C1 controls are
// discouraged. Tab/LF/CR are folded into spaces with the rest of the whitespace.
// eslint-disable-next-line no-control-regex -- see above
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

function cleanText(value: string): string {
  return value.normalize('NFC').replace(NOT_XML_TEXT, '').replace(/\s+/gu, ' ').trim();
}

function graphemes(text: string): Iterable<{ segment: string }> {
  return new Intl.Segmenter('da', { granularity: 'grapheme' }).segment(text);
}

function pdfBase64(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw invalid('document.bytes', 'Dokumentet er tomt (0 byte) og kan ikke sendes.');
  }
  // Readers accept the header within the first 1024 bytes; anything else is not a PDF and must not be labelled one.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    throw invalid('document.bytes', 'Dokumentet er ikke en PDF-fil og kan ikke sendes som Digital Post.');
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}

function invalid(field: string, message: string): MemoBuildError {
  return new MemoBuildError('MEMO_INPUT_INVALID', message, field);
}

// ---- a tiny writer: every element carries the memo: prefix, every text is escaped ---------------------------

class XmlWriter {
  private readonly parts: string[] = [];
  private depth = 0;

  raw(text: string): void {
    this.parts.push(text);
  }

  open(name: string, attributes: Record<string, string> = {}): void {
    const attrs = Object.entries(attributes)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    this.parts.push(`${this.indent()}<memo:${name}${attrs}>\n`);
    this.depth += 1;
  }

  close(name: string): void {
    this.depth -= 1;
    this.parts.push(`${this.indent()}</memo:${name}>\n`);
  }

  leaf(name: string, text: string): void {
    this.parts.push(`${this.indent()}<memo:${name}>${escapeXml(text)}</memo:${name}>\n`);
  }

  toString(): string {
    return this.parts.join('');
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

/** Escapes text and attribute values (quotes too, so one function serves both). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
