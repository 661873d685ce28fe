import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentMetadata, PageText, PdfContent, SideText, TextItem } from './types';
import { splitRanges, type ExtractParams, type WorkerResult } from './worker-protocol';
import type { pdfjsOptions } from './pdf-options';

type PdfjsModule = typeof Pdfjs;
type PdfDocument = Pdfjs.PDFDocumentProxy;

export interface ExtractRequest extends ExtractParams {
  /** With `split`: gets the page count once the document is open, before only the first range is read. */
  onOpened?(pages: number): void;
  /** `pagesDone` counts the pages of this request's range, `pagesTotal` is the document's page count. */
  onPage(pagesDone: number, pagesTotal: number): void;
}

const nonWhitespace = (s: string) => s.replace(/\s+/gu, '').length;

/** Opens one PDF from bytes (never a URL) and pulls out everything the checks need. Never runs its scripts. */
export async function extractPdf(
  pdfjs: PdfjsModule,
  worker: Pdfjs.PDFWorker,
  options: ReturnType<typeof pdfjsOptions>,
  request: ExtractRequest,
): Promise<WorkerResult> {
  // A password was given: does the document need one to open at all? An owner-password-only PDF opens without it
  // (and is sent as it is); one that needs a user password cannot go to a citizen who does not know it.
  const passwordRequired =
    request.password !== null && (await needsUserPassword(pdfjs, worker, options, request.bytes));
  const task = pdfjs.getDocument({
    ...options,
    // Node's IPC hands bytes over as a Buffer, which pdf.js refuses; a plain view over the same memory is fine.
    data: new Uint8Array(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength),
    worker,
    ...(request.password === null ? {} : { password: request.password }),
  });
  try {
    let doc: PdfDocument;
    try {
      doc = await task.promise;
    } catch (error) {
      return openFailure(pdfjs, error);
    }
    // numPages comes from the page tree's /Count (pdf.js checks it against the tree), so a file that claims too
    // many pages is refused here before any page object is loaded.
    if (doc.numPages > request.maxPages) {
      return { outcome: 'too_large', pages: doc.numPages, content: null, detail: 'page_cap' };
    }
    const firstPage = request.firstPage ?? 1;
    let lastPage = Math.min(request.lastPage ?? doc.numPages, doc.numPages);
    if (request.split) {
      request.onOpened?.(doc.numPages);
      if (doc.numPages >= request.split.minPages) {
        lastPage = splitRanges(doc.numPages, request.split.parts)[0]!.lastPage;
      }
    }
    const content = await readContent(doc, request, firstPage, lastPage);
    return { outcome: 'ok', pages: doc.numPages, content: { ...content, passwordRequired }, detail: null };
  } finally {
    await task.destroy();
  }
}

/**
 * Opens a copy of the bytes with no password (pdf.js may take over the buffer it is given): true exactly when
 * pdf.js asks for one. Only the trailer and cross-reference table are read before it does, so this is cheap.
 */
async function needsUserPassword(
  pdfjs: PdfjsModule,
  worker: Pdfjs.PDFWorker,
  options: ReturnType<typeof pdfjsOptions>,
  bytes: Uint8Array,
): Promise<boolean> {
  const probe = pdfjs.getDocument({ ...options, data: new Uint8Array(bytes), worker });
  try {
    await probe.promise;
    return false;
  } catch (error) {
    return (
      error instanceof Error &&
      error.name === 'PasswordException' &&
      (error as { code?: unknown }).code === pdfjs.PasswordResponses.NEED_PASSWORD
    );
  } finally {
    await probe.destroy();
  }
}

/** With no onPassword callback set, pdf.js rejects with a PasswordException whose code says which case it is. */
export function openFailure(pdfjs: PdfjsModule, error: unknown): WorkerResult {
  const name = error instanceof Error ? error.name : 'unknown';
  const code = (error as { code?: unknown })?.code;
  if (name === 'PasswordException') {
    const wrong = code === pdfjs.PasswordResponses.INCORRECT_PASSWORD;
    return { outcome: wrong ? 'wrong_password' : 'needs_password', pages: 0, content: null, detail: name };
  }
  return { outcome: 'invalid_pdf', pages: 0, content: null, detail: name };
}

async function readContent(
  doc: PdfDocument,
  request: ExtractRequest,
  firstPage: number,
  lastPage: number,
): Promise<PdfContent> {
  const pageTexts: PageText[] = [];
  const sideTexts: SideText[] = [];
  let pageHasJavaScript = false;
  const onPage = (n: number) => request.onPage(n - firstPage + 1, doc.numPages);
  for (let n = firstPage; n <= lastPage; n++) {
    // A page pdf.js cannot load counts as a page without text, so the checks still flag it.
    const page = await doc.getPage(n).catch(() => null);
    if (!page) {
      pageTexts.push({ page: n, text: '', items: [], chars: 0 });
      onPage(n);
      continue;
    }
    try {
      const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
      const items: TextItem[] = [];
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
        if (item.str === '') continue;
        const [, , , , x, y] = item.transform as number[];
        items.push({
          str: item.str.normalize('NFC'),
          x: x ?? 0,
          y: y ?? 0,
          width: item.width,
          height: item.height,
          page: n,
        });
      }
      text = text.normalize('NFC');
      pageTexts.push({ page: n, text, items, chars: nonWhitespace(text) });
      sideTexts.push(...annotationTexts(await page.getAnnotations({ intent: 'display' }), n));
      pageHasJavaScript ||= hasKeys(await page.getJSActions());
    } finally {
      page.cleanup();
    }
    onPage(n);
  }
  if (firstPage !== 1) {
    // A later part of a split document: its pages only; the part that starts at page 1 has the rest.
    return {
      pages: doc.numPages,
      pageTexts,
      sideTexts,
      metadata: {
        title: null,
        author: null,
        subject: null,
        creator: null,
        producer: null,
        creationDate: null,
        modDate: null,
      },
      attachments: 0,
      hasJavaScript: pageHasJavaScript,
      hasFormFields: false,
      hasXfa: false,
      passwordRequired: false,
    };
  }
  const fields = await doc.getFieldObjects();
  sideTexts.push(...fieldTexts(fields));
  const attachments = await doc.getAttachments();
  const openAction = (await doc.getOpenAction()) as { action?: unknown } | null;
  const metadata = await readMetadata(doc);
  return {
    pages: doc.numPages,
    pageTexts,
    sideTexts,
    metadata: metadata.fields,
    attachments: attachments ? Object.keys(attachments).length : 0,
    hasJavaScript:
      pageHasJavaScript ||
      (await doc.hasJSActions()) ||
      hasKeys(await doc.getJSActions()) ||
      !!openAction?.action,
    hasFormFields: (fields !== null && Object.keys(fields).length > 0) || metadata.acroForm,
    hasXfa: metadata.xfa,
    passwordRequired: false,
  };
}

const hasKeys = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.keys(value).length > 0;

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.normalize('NFC') : null;

interface AnnotationLike {
  subtype?: string;
  contentsObj?: { str?: unknown };
  titleObj?: { str?: unknown };
  richText?: { str?: unknown };
  alternativeText?: unknown;
}

/** Annotation text that a reader shows: comments, their author line, rich text. Widgets come via form fields. */
function annotationTexts(annotations: AnnotationLike[], page: number): SideText[] {
  const out: SideText[] = [];
  for (const a of annotations) {
    if (a.subtype === 'Widget') continue;
    for (const value of [a.contentsObj?.str, a.titleObj?.str, a.richText?.str, a.alternativeText]) {
      const text = str(value);
      if (text) out.push({ source: 'annotation', name: a.subtype ?? 'Annotation', page, text });
    }
  }
  return out;
}

type FieldObjects = Awaited<ReturnType<PdfDocument['getFieldObjects']>>;

/** Values typed into form fields; check boxes that are off carry no text. */
function fieldTexts(fields: FieldObjects): SideText[] {
  const out: SideText[] = [];
  for (const [name, widgets] of Object.entries(fields ?? {})) {
    for (const w of widgets as Array<{ value?: unknown; page?: unknown; type?: unknown }>) {
      const values = Array.isArray(w.value) ? w.value : [w.value];
      for (const value of values) {
        const text = str(value);
        if (!text || (w.type === 'checkbox' && text === 'Off')) continue;
        const page = typeof w.page === 'number' && w.page >= 0 ? w.page + 1 : null;
        out.push({ source: 'form_field', name, page, text });
      }
    }
  }
  return out;
}

async function readMetadata(doc: PdfDocument) {
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
  const fields: DocumentMetadata = {
    title: str(info.Title),
    author: str(info.Author),
    subject: str(info.Subject),
    creator: str(info.Creator),
    producer: str(info.Producer),
    creationDate: pdfDate(info.CreationDate),
    modDate: pdfDate(info.ModDate),
  };
  return { fields, acroForm: info.IsAcroFormPresent === true, xfa: info.IsXFAPresent === true };
}

/** PDF dates (D:YYYYMMDDHHmmSSOHH'mm) as ISO strings; null when absent or not a date. */
export function pdfDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(
    value.trim(),
  );
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = !sign || sign === 'Z' || sign === 'z' ? 'Z' : `${sign}${oh}:${om}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
