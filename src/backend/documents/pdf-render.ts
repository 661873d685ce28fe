import { createHash } from 'node:crypto';
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { installCanvasGlobals, napiCanvas } from './pdf-canvas';
import { openFailure } from './pdf-extract';
import { TEXT_CONTENT_OPTIONS, type pdfjsOptions } from './pdf-options';
import { locateText, type Highlight, type LocatableItem } from './locate-text';
import type { EffectiveOptions, RenderReply, RenderRequestMessage } from './worker-protocol';

type PdfjsModule = typeof Pdfjs;
type RenderParameters = Parameters<Pdfjs.PDFPageProxy['render']>[0];

/**
 * Neither side of a preview is longer than this, whatever the page's shape: Skia refuses canvases much past
 * 32,767 px, and a 1 x 14,400 pt strip scaled to the width cap would be far taller than that.
 */
export const MAX_SIDE_PX = 16_384;

/**
 * The scale from PDF points (pdf.js viewport at scale 1) to preview pixels: fit the width cap, then shrink
 * until the pixel cap and the side cap hold. Small pages are enlarged to the width cap (a preview is read on
 * screen). Null when the page has no area.
 */
export function fitScale(
  widthPt: number,
  heightPt: number,
  maxWidthPx: number,
  maxPixels: number,
): number | null {
  if (!(widthPt > 0 && heightPt > 0) || !Number.isFinite(widthPt * heightPt)) return null;
  return Math.min(
    maxWidthPx / widthPt,
    Math.sqrt(maxPixels / (widthPt * heightPt)),
    MAX_SIDE_PX / widthPt,
    MAX_SIDE_PX / heightPt,
  );
}

/** The render parameters passed to pdf.js (besides the canvas and viewport), for describeWorker. */
const RENDER_INTENT = 'display';

interface Cached {
  sha256: string;
  /** A hash of the password the document was opened with, so a request without it is not served from memory. */
  passwordKey: string;
  task: Pdfjs.PDFDocumentLoadingTask;
  doc: Pdfjs.PDFDocumentProxy;
}

export interface PageRenderer {
  render(request: RenderRequestMessage): Promise<RenderReply>;
  /** Forgets the cached document (another document came, or the worker is asked to analyse one). */
  release(): Promise<void>;
  /** The render options as applied to the last rendered document. */
  describe(): EffectiveOptions;
}

/**
 * Renders pages inside the PDF worker with pdf.js's canvas drawing into an @napi-rs/canvas canvas. Fonts are
 * drawn from the embedded or standard font data as paths (disableFontFace, no system fonts); the annotation
 * appearance streams are drawn (what a reader shows, form-field values included); scripts never run. The last
 * opened document is kept, keyed by its SHA-256 and password, so a caseworker paging through it does not make
 * pdf.js parse it again; only one is kept, to bound memory.
 */
export function createPageRenderer(
  pdfjs: PdfjsModule,
  worker: Pdfjs.PDFWorker,
  options: ReturnType<typeof pdfjsOptions>,
): PageRenderer {
  let cached: Cached | null = null;
  let applied: EffectiveOptions = {};
  let globalsInstalled = false;

  async function release(): Promise<void> {
    const old = cached;
    cached = null;
    if (old) await old.task.destroy();
  }

  async function open(request: RenderRequestMessage): Promise<Cached | RenderReply> {
    const passwordKey = keyOf(request.password);
    if (cached && cached.sha256 === request.sha256 && cached.passwordKey === passwordKey) return cached;
    if (!request.bytes) return { kind: 'need_bytes' };
    await release();
    const bytes = request.bytes;
    const task = pdfjs.getDocument({
      ...options,
      // As in extractPdf: IPC hands over a Buffer, which pdf.js refuses.
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      worker,
      ...(request.password === null ? {} : { password: request.password }),
    });
    let doc: Pdfjs.PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (error) {
      await task.destroy();
      const failure = openFailure(pdfjs, error);
      return { kind: 'refused', outcome: refusal(failure.outcome), pages: 0, detail: failure.detail };
    }
    if (doc.numPages > request.maxPages) {
      await task.destroy();
      return { kind: 'refused', outcome: 'too_large', pages: doc.numPages, detail: 'page_cap' };
    }
    cached = { sha256: request.sha256, passwordKey, task, doc };
    return cached;
  }

  async function render(request: RenderRequestMessage): Promise<RenderReply> {
    const opened = await open(request);
    if ('kind' in opened) return opened;
    const { doc } = opened;
    const pages = doc.numPages;
    if (request.page > pages) return { kind: 'page_out_of_range', pages };
    if (!globalsInstalled) {
      installCanvasGlobals();
      globalsInstalled = true;
    }
    const page = await doc.getPage(request.page).catch(() => null);
    if (!page) return { kind: 'refused', outcome: 'invalid_pdf', pages, detail: 'page_unreadable' };
    try {
      const natural = page.getViewport({ scale: 1 });
      const scale = fitScale(natural.width, natural.height, request.maxWidthPx, request.maxPixels);
      if (scale === null) return { kind: 'refused', outcome: 'invalid_pdf', pages, detail: 'empty_page' };
      const viewport = page.getViewport({ scale });
      const width = Math.max(1, Math.floor(viewport.width));
      const height = Math.max(1, Math.floor(viewport.height));
      const canvas = napiCanvas().createCanvas(width, height);
      const params = {
        canvas: canvas as unknown as RenderParameters['canvas'],
        canvasContext: canvas.getContext('2d') as unknown as RenderParameters['canvasContext'],
        viewport,
        intent: RENDER_INTENT,
        // Appearance streams of annotations and form fields are drawn, as a reader shows them.
        annotationMode: pdfjs.AnnotationMode.ENABLE,
        background: '#ffffff',
      } satisfies RenderParameters;
      await page.render(params).promise;
      const png = await canvas.encode('png');
      applied = describeApplied(doc, params.annotationMode === pdfjs.AnnotationMode.ENABLE);
      const highlights = await locate(page, request.highlight ?? [], { viewport, width, height });
      // A copy: the encoder's buffer may live outside the JavaScript heap, and the copy is what IPC clones.
      return {
        kind: 'rendered',
        png: new Uint8Array(png),
        width,
        height,
        page: request.page,
        pages,
        highlights,
      };
    } finally {
      page.cleanup();
    }
  }

  return { render, release, describe: () => applied };
}

/**
 * Where the texts stand on the rendered image: the page's text content read as the extraction reads it (so the
 * evidence, taken from that text, is found), through the same viewport the page was drawn with.
 */
async function locate(
  page: Pdfjs.PDFPageProxy,
  texts: readonly string[],
  drawn: { viewport: Pdfjs.PageViewport; width: number; height: number },
): Promise<Highlight[]> {
  if (texts.length === 0) return [];
  const content = await page.getTextContent(TEXT_CONTENT_OPTIONS);
  const items: LocatableItem[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    const style = content.styles[item.fontName];
    items.push({
      str: item.str,
      transform: item.transform as number[],
      width: item.width,
      height: item.height,
      ascent: style?.ascent ?? 0,
      descent: style?.descent ?? 0,
      vertical: style?.vertical ?? false,
    });
  }
  const { viewport, width, height } = drawn;
  return locateText(items, texts, {
    toViewport: (x, y) => viewport.convertToViewportPoint(x, y) as number[],
    width,
    height,
  });
}

type Refusal = Extract<RenderReply, { kind: 'refused' }>['outcome'];

function refusal(outcome: string): Refusal {
  return outcome === 'needs_password' || outcome === 'wrong_password' ? outcome : 'invalid_pdf';
}

function keyOf(password: string | null): string {
  return password === null ? '' : createHash('sha256').update(`pw:${password}`).digest('hex');
}

/** What pdf.js's transport took for the document (its factories) and what we passed to render. */
function describeApplied(doc: Pdfjs.PDFDocumentProxy, annotationsEnabled: boolean): EffectiveOptions {
  const transport = (doc as unknown as { _transport?: { canvasFactory?: object; filterFactory?: object } })
    ._transport;
  return {
    'render.canvasFactory': transport?.canvasFactory?.constructor.name ?? null,
    'render.filterFactory': transport?.filterFactory?.constructor.name ?? null,
    'render.intent': RENDER_INTENT,
    'render.annotationMode': annotationsEnabled ? 'ENABLE' : 'other',
    'render.maxSidePx': MAX_SIDE_PX,
  };
}
