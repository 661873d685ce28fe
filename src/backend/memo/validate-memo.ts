import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

/**
 * Validates a MeMo message against the MeMo 1.1 XSDs shipped in resources/xsd/memo-1.1/ with xmllint-wasm
 * (libxml2 compiled to WebAssembly, run in a worker thread per call). Every message is validated before it is
 * queued, so: the nine schema texts are read once per folder and kept; about 0.1 s per message; a limit on how
 * many validations run at once, since each one is a worker with its own wasm memory.
 */

export interface MemoValidation {
  valid: boolean;
  /** libxml2's messages (English), one per problem, each with its line: `linje 12: Element '…': …`. */
  errors: string[];
}

/** The nine MeMo 1.1 schema files; MeMo_core.xsd is the root and imports the other eight. */
export const MEMO_1_1_XSD_FILES = [
  'MeMo_core.xsd',
  'MeMo_dataTypes.xsd',
  'MeMo_dmv.xsd',
  'MeMo_form.xsd',
  'MeMo_gln.xsd',
  'MeMo_grd.xsd',
  'MeMo_kle.xsd',
  'MeMo_sor.xsd',
  'MeMo_udd.xsd',
] as const;
const ROOT_XSD = 'MeMo_core.xsd';
/** The name the message has inside xmllint's in-memory file system (it shows up in raw messages only). */
const MESSAGE_FILE = 'memo.xml';
const MAX_ERRORS = 50;
const MAX_ERROR_LENGTH = 500;
/** Validations at once: each is a worker thread with up to ~3× the message in wasm memory. */
const MAX_CONCURRENT = 2;
const WASM_PAGE = 65536;
const MIN_MAX_PAGES = 512; // xmllint-wasm's default maximum (32 MiB)
const MAX_PAGES = 65536; // 4 GiB, wasm32's limit

/** resources/xsd/memo-1.1 inside the app's resources folder. */
export function memoXsdDir(resourcesDir: string): string {
  return join(resourcesDir, 'xsd', 'memo-1.1');
}

interface SchemaSet {
  schema: XMLFileInfo;
  preload: XMLFileInfo[];
}

const schemaCache = new Map<string, Promise<SchemaSet>>();

function loadSchemas(xsdDir: string): Promise<SchemaSet> {
  let cached = schemaCache.get(xsdDir);
  if (!cached) {
    // Read all at once, but name the first missing file in list order, so the error is the same on every run.
    cached = Promise.allSettled(
      MEMO_1_1_XSD_FILES.map((fileName) => readFile(join(xsdDir, fileName), 'utf8')),
    )
      .then((reads) =>
        reads.map((read, i) => {
          const fileName = MEMO_1_1_XSD_FILES[i]!;
          if (read.status === 'fulfilled') return { fileName, contents: read.value };
          throw new Error(
            `MeMo-skemaet ${fileName} mangler i ${xsdDir}; programmet er ikke installeret korrekt. (${(read.reason as Error).message})`,
            { cause: read.reason },
          );
        }),
      )
      .then((files) => ({
        schema: files.find((f) => f.fileName === ROOT_XSD) as XMLFileInfo,
        preload: files.filter((f) => f.fileName !== ROOT_XSD),
      }));
    // A failed read is not cached: the next call tries again.
    cached.catch(() => schemaCache.delete(xsdDir));
    schemaCache.set(xsdDir, cached);
  }
  return cached;
}

let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/**
 * Validates `xml` (a string is taken as UTF-8; bytes are passed as they are, so a BOM or an encoding declaration
 * is honoured) against the MeMo 1.1 XSDs in `xsdDir`. Never throws for a bad message: a message libxml2 cannot
 * parse, or one too big for the validator's memory, is `valid: false` with the reason. Throws only when the
 * schema files are missing.
 */
export async function validateMemo(xml: string | Uint8Array, xsdDir: string): Promise<MemoValidation> {
  const { schema, preload } = await loadSchemas(xsdDir);
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  // Parsing plus the schema's tree take about 3× the document; the PDF's base64 is one big text node.
  const maxMemoryPages = Math.min(
    MAX_PAGES,
    Math.max(MIN_MAX_PAGES, Math.ceil((bytes.length * 3) / WASM_PAGE) + 512),
  );
  return withSlot(async () => {
    try {
      const result = await validateXML({
        xml: [{ fileName: MESSAGE_FILE, contents: bytes }],
        schema: [schema],
        preload,
        maxMemoryPages,
        // --huge: a PDF over ~7.4 MB is a base64 text node over libxml2's default 10 MB limit.
        // --nonet: the schemas are all preloaded; nothing is ever fetched.
        modifyArguments: (args) => ['--huge', '--nonet', ...args],
      });
      if (result.valid) return { valid: true, errors: [] };
      return { valid: false, errors: errorLines(result.errors, result.rawOutput) };
    } catch (err) {
      // xmllint-wasm rejects on exit codes other than 0/3/4, e.g. out of memory or an unreadable document.
      return {
        valid: false,
        errors: [`Valideringen kunne ikke gennemføres: ${firstLine((err as Error).message)}`],
      };
    }
  });
}

function errorLines(
  errors: ReadonlyArray<{ message: string; loc: null | { lineNumber: number } }>,
  rawOutput: string,
): string[] {
  // Lines without a location are libxml2's echo of the offending source line and its caret, or the closing
  // "memo.xml fails to validate": noise, and the echo may be a whole base64 PDF.
  const lines = errors
    .filter((e) => e.loc !== null && !Number.isNaN(e.loc.lineNumber))
    .map((e) => truncate(`linje ${e.loc?.lineNumber}: ${e.message}`));
  if (lines.length === 0)
    lines.push(truncate(firstLine(rawOutput) || 'Meddelelsen er ikke gyldig MeMo 1.1.'));
  return lines.length > MAX_ERRORS
    ? [...lines.slice(0, MAX_ERRORS), `… og ${lines.length - MAX_ERRORS} fejl mere`]
    : lines;
}

function firstLine(text: string): string {
  return truncate(text.split('\n').find((l) => l.trim() !== '') ?? '');
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
