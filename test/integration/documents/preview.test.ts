import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_RENDER,
  PageOutOfRangeError,
  createExtractor,
  type ExtractorOptions,
} from '../../../src/backend/documents/extractor';
import { MAX_SIDE_PX, fitScale } from '../../../src/backend/documents/pdf-render';
import {
  createForkProcessHost,
  type ProcessHost,
  type WorkerHandle,
} from '../../../src/backend/documents/process-host';
import type { PageRender } from '../../../src/backend/documents/types';
import type { ToWorker } from '../../../src/backend/documents/worker-protocol';
import { loadCorpus } from '../../fixtures/documents/corpus';
import { danishLetter, wordBytes } from '../../fixtures/documents/pdfkit-fixtures';
import {
  HANG_MARKER,
  buildPdf,
  decompressionBombPdf,
  javaScriptPdf,
  stream,
} from '../../fixtures/documents/raw-pdf';
import { MemoryLogger } from '../../support/fakes';
import { REPO_ROOT, tempDir } from '../../support/temp-dir';

const corpus = loadCorpus(REPO_ROOT);
const corpusFile = (name: string) => new Uint8Array(readFileSync(join(corpus.dir, name)));

/** A fork host that records every worker it started, how it ended, and what it was sent. */
function recordingHost(): ProcessHost & {
  started: Array<{ handle: WorkerHandle; exited: Promise<unknown> }>;
  sent: ToWorker[];
} {
  const inner = createForkProcessHost();
  const started: Array<{ handle: WorkerHandle; exited: Promise<unknown> }> = [];
  const sent: ToWorker[] = [];
  return {
    started,
    sent,
    start(entry) {
      const handle = inner.start(entry);
      started.push({ handle, exited: new Promise((resolve) => handle.onExit(resolve)) });
      return {
        ...handle,
        pid: handle.pid,
        send: (message) => {
          sent.push(message as ToWorker);
          handle.send(message);
        },
      };
    },
  };
}

const open: Array<{ close(): void }> = [];
afterEach(() => open.splice(0).forEach((e) => e.close()));
function extractorWith(options: Partial<ExtractorOptions> & { processHost: ProcessHost }) {
  const extractor = createExtractor(options);
  open.push(extractor);
  return extractor;
}

// One shared warm extractor for the plain rendering tests.
const shared = createExtractor({ processHost: createForkProcessHost() });
beforeAll(async () => {
  await shared.describeWorker();
});
afterAll(() => shared.close());

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the PNG signature and reads width and height from the IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Buffer.from(png.subarray(12, 16)).toString('latin1')).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Decodes the PNG and counts dark pixels (the cores of drawn glyphs and lines on the white page) and inked ones
 * (anything visibly not white, anti-aliased edges included), plus the top-left corner's RGBA.
 */
async function inspect(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let dark = 0;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    const max = Math.max(data[i]!, data[i + 1]!, data[i + 2]!);
    if (max < 100) dark++;
    if (max < 220) ink++;
  }
  return { dark, ink, corner: [...data.subarray(0, 4)], pixels: image.width * image.height };
}

function expectRendered(result: PageRender): asserts result is Extract<PageRender, { ok: true }> {
  if (!result.ok) throw new Error(`not rendered: ${result.outcome}`);
}

describe('a page preview', () => {
  for (const font of ['Helvetica', 'DejaVuSans'] as const) {
    it(`of a generated Danish letter in ${font} is a PNG at the width cap with text drawn`, async () => {
      const result = await shared.renderPage(await danishLetter(font), 1);
      expectRendered(result);
      expect(result).toMatchObject({ page: 1, pages: 1 });
      const size = pngSize(result.png);
      expect(size).toEqual({ width: result.width, height: result.height });
      // pdfkit's default page is US Letter (612 x 792 pt): scaled to the 900 px width.
      expect(result.width).toBe(DEFAULT_RENDER.maxWidthPx);
      expect(result.height).toBe(Math.floor(792 * (900 / 612)));
      const seen = await inspect(result.png);
      expect(seen.corner).toEqual([255, 255, 255, 255]);
      // Glyphs are drawn as paths from the standard or embedded font data: plenty of dark pixels, not a blank page.
      expect(seen.dark).toBeGreaterThan(1000);
      expect(seen.dark).toBeLessThan(seen.pixels / 10);
    });
  }

  it('is scaled down to a smaller width when asked', async () => {
    const result = await shared.renderPage(await danishLetter('Helvetica'), 1, { maxWidthPx: 300 });
    expectRendered(result);
    expect(pngSize(result.png).width).toBe(300);
    // At a third of the size the glyphs are mostly anti-aliased grey.
    expect((await inspect(result.png)).ink).toBeGreaterThan(500);
  });

  it('of page 2 of tracemonkey.pdf (14 pages)', async () => {
    const result = await shared.renderPage(corpusFile('tracemonkey.pdf'), 2);
    expectRendered(result);
    expect(result).toMatchObject({ page: 2, pages: 14 });
    const size = pngSize(result.png);
    expect(size.width).toBeLessThanOrEqual(DEFAULT_RENDER.maxWidthPx);
    expect(size.width * size.height).toBeLessThanOrEqual(DEFAULT_RENDER.maxPixels);
    expect((await inspect(result.png)).dark).toBeGreaterThan(5000);
  });

  it('of a document with JavaScript is drawn without running the script', async () => {
    const dir = tempDir('sendeassistent-preview-');
    try {
      const marker = join(dir.path, 'script-ran.txt');
      const result = await shared.renderPage(javaScriptPdf(marker), 1);
      expectRendered(result);
      expect((await inspect(result.png)).dark).toBeGreaterThan(200);
      expect(existsSync(marker)).toBe(false);
      expect((globalThis as { sendeassistentScriptRan?: boolean }).sendeassistentScriptRan).toBeUndefined();
    } finally {
      dir.cleanup();
    }
  });
});

describe('huge and odd page sizes', () => {
  const page = (mediaBox: string) =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [${mediaBox}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
      stream('', Buffer.from('BT /F1 400 Tf 5 200 Td (Stor side) Tj ET 0 0 5 5000 re f', 'latin1')),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ]);

  it('a 14,400 x 14,400 pt page stays within maxPixels', async () => {
    const maxPixels = 250_000;
    const result = await shared.renderPage(page('0 0 14400 14400'), 1, { maxPixels });
    expectRendered(result);
    const size = pngSize(result.png);
    expect(size.width * size.height).toBeLessThanOrEqual(maxPixels);
    expect(size.width).toBeGreaterThan(450); // square: about 500 x 500
    expect(size.width).toBe(size.height);
    const byDefault = await shared.renderPage(page('0 0 14400 14400'), 1);
    expectRendered(byDefault);
    expect(pngSize(byDefault.png)).toEqual({ width: 900, height: 900 });
  });

  it('a 10 x 14,400 pt strip stays within the side cap', async () => {
    const result = await shared.renderPage(page('0 0 10 14400'), 1);
    expectRendered(result);
    const size = pngSize(result.png);
    expect(size.height).toBeLessThanOrEqual(MAX_SIDE_PX);
    expect(size.width * size.height).toBeLessThanOrEqual(DEFAULT_RENDER.maxPixels);
  });

  it('fitScale: width cap, pixel cap, side cap, and no area', () => {
    expect(fitScale(612, 792, 900, 4e6)).toBeCloseTo(900 / 612);
    expect(fitScale(14400, 14400, 900, 1e6)).toBeCloseTo(900 / 14400);
    expect(fitScale(14400, 14400, 5000, 1e6)).toBeCloseTo(1000 / 14400);
    expect(fitScale(1, 100_000, 900, 1e12)).toBeCloseTo(MAX_SIDE_PX / 100_000);
    expect(fitScale(0, 792, 900, 4e6)).toBeNull();
  });
});

describe('passwords', () => {
  it('pr6531_2.pdf: needs_password, wrong_password, then rendered with the right one', async () => {
    const logger = new MemoryLogger();
    const extractor = extractorWith({ processHost: createForkProcessHost(), logger });
    const bytes = corpusFile('pr6531_2.pdf');
    expect(await extractor.renderPage(bytes, 1)).toMatchObject({
      ok: false,
      outcome: 'needs_password',
      message: expect.stringMatching(/adgangskode/) as unknown,
    });
    expect(await extractor.renderPage(bytes, 1, { password: 'qwerty' })).toMatchObject({
      ok: false,
      outcome: 'wrong_password',
    });
    const result = await extractor.renderPage(bytes, 1, { password: 'asdfasdf' });
    expectRendered(result);
    pngSize(result.png);
    // The opened document is kept for previews, but not for a request without the password.
    expect(await extractor.renderPage(bytes, 1)).toMatchObject({ ok: false, outcome: 'needs_password' });
    expect(logger.lines.join('\n')).not.toContain('asdfasdf');
  });
});

describe('page numbers', () => {
  it('out of range rejects with PageOutOfRangeError; not a number is refused before any worker', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host });
    const letter = await danishLetter('Helvetica');
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(extractor.renderPage(letter, bad)).rejects.toMatchObject({
        name: 'PageOutOfRangeError',
        page: bad,
        pages: null,
      });
    }
    expect(host.started).toHaveLength(0);
    const error = await extractor.renderPage(letter, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageOutOfRangeError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ page: 2, pages: 1 });
    expect((error as Error).message).toMatch(/1 page/);
    // The worker is fine afterwards.
    expect((await extractor.renderPage(letter, 1)).ok).toBe(true);
    expect(host.started).toHaveLength(1);
  });
});

describe('files that are not PDFs or over the byte cap', () => {
  it('are refused from the bytes, without a worker', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host, caps: { maxBytes: 1000 } });
    for (const bytes of [new Uint8Array(0), wordBytes()]) {
      expect(await extractor.renderPage(bytes, 1)).toMatchObject({ ok: false, outcome: 'not_pdf' });
    }
    expect(await extractor.renderPage(await danishLetter('Helvetica'), 1)).toMatchObject({
      ok: false,
      outcome: 'too_large',
      tooLargeReason: 'bytes',
    });
    expect(host.started).toHaveLength(0);
  });
});

describe('the worker keeps the last document for previews', () => {
  it('sends the bytes once for several pages of one document, again after another document', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host });
    const paper = corpusFile('tracemonkey.pdf');
    const letter = await danishLetter('Helvetica');
    for (const n of [1, 2, 3]) expect((await extractor.renderPage(paper, n)).ok).toBe(true);
    expect((await extractor.renderPage(letter, 1)).ok).toBe(true);
    expect((await extractor.renderPage(paper, 4)).ok).toBe(true);
    // Analysing a document makes the worker let go of the preview's document.
    expect((await extractor.analyze(paper)).outcome).toBe('ok');
    expect((await extractor.renderPage(paper, 5)).ok).toBe(true);
    const renders = host.sent.filter((m) => m.type === 'render');
    expect(renders.map((m) => [m.page, m.bytes !== null])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [1, true],
      [4, true],
      [5, true],
    ]);
    expect(host.started).toHaveLength(1);
  });
});

describe('caps and a killed worker', () => {
  const hangingEntry = {
    modulePath: join(__dirname, '..', '..', 'fixtures', 'documents', 'hanging-worker-dev.cjs'),
    execArgv: [],
  };

  it('after a worker killed at the time cap, the next preview is rendered by a fresh worker', async () => {
    const host = recordingHost();
    const extractor = extractorWith({
      processHost: host,
      workerEntry: hangingEntry,
      caps: { timeoutMs: 1500 },
    });
    const hanging = Buffer.from(`%PDF-1.7\n${HANG_MARKER}\n`, 'latin1');
    expect((await extractor.analyze(hanging)).outcome).toBe('timeout');
    expect(await host.started[0]!.exited).toMatchObject({ signal: 'SIGKILL' });
    const result = await extractor.renderPage(await danishLetter('Helvetica'), 1);
    expectRendered(result);
    expect((await inspect(result.png)).dark).toBeGreaterThan(1000);
    expect(host.started).toHaveLength(2);
  });

  it('a preview over the time cap is a timeout and kills the worker', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host, caps: { timeoutMs: 1 } });
    const paper = corpusFile('tracemonkey.pdf');
    expect(await extractor.renderPage(paper, 1)).toMatchObject({
      ok: false,
      outcome: 'timeout',
      message: expect.stringMatching(/for lang tid/) as unknown,
    });
    expect(await host.started[0]!.exited).toMatchObject({ signal: 'SIGKILL' });
  });

  it('a preview of a decompression bomb is stopped at the memory cap; the next one renders', async () => {
    const host = recordingHost();
    const maxRssBytes = 300 * 1024 * 1024;
    const extractor = extractorWith({ processHost: host, caps: { maxRssBytes, timeoutMs: 30_000 } });
    const result = await extractor.renderPage(decompressionBombPdf(), 1);
    if (process.platform === 'linux') {
      expect(result).toMatchObject({ ok: false, outcome: 'too_large', tooLargeReason: 'memory' });
    } else {
      expect(result.ok ? 'ok' : result.outcome).toMatch(/too_large|invalid_pdf|ok/);
    }
    expect((await extractor.renderPage(await danishLetter('Helvetica'), 1)).ok).toBe(true);
  });

  it('can be cancelled: the worker is killed and renderPage rejects with the reason', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host });
    const controller = new AbortController();
    const reason = new Error('the caseworker closed the preview');
    const pending = extractor.renderPage(corpusFile('tracemonkey.pdf'), 1, { signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect((await extractor.renderPage(await danishLetter('Helvetica'), 1)).ok).toBe(true);
  });
});

describe('the render options inside the worker', () => {
  it('are explicit and applied: our canvas and filter factories, no font faces, no system fonts, no eval', async () => {
    const extractor = extractorWith({ processHost: createForkProcessHost() });
    expect((await extractor.renderPage(await danishLetter('DejaVuSans'), 1)).ok).toBe(true);
    expect(await extractor.describeWorker()).toMatchObject({
      CanvasFactory: 'class NapiCanvasFactory',
      FilterFactory: 'class NoFilterFactory',
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
      isOffscreenCanvasSupported: false,
      enableWebGPU: false,
      // As pdf.js applied them for the rendered document:
      'applied.isEvalSupported': false,
      'applied.disableFontFace': true,
      'applied.useSystemFonts': false,
      'applied.enableXfa': false,
      'render.canvasFactory': 'NapiCanvasFactory',
      'render.filterFactory': 'NoFilterFactory',
      'render.intent': 'display',
      'render.annotationMode': 'ENABLE',
      'render.maxSidePx': MAX_SIDE_PX,
    });
  });
});
