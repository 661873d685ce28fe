import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createExtractor, type ExtractorOptions } from '../../../src/backend/documents/extractor';
import {
  createForkProcessHost,
  type ProcessHost,
  type WorkerHandle,
} from '../../../src/backend/documents/process-host';
import type { ProgressEvent } from '../../../src/backend/documents/types';
import { danishLetter } from '../../fixtures/documents/pdfkit-fixtures';
import { HANG_MARKER, decompressionBombPdf, manyPagesPdf } from '../../fixtures/documents/raw-pdf';
import { MemoryLogger } from '../../support/fakes';

/** A fork host that remembers every worker it started and how each ended. */
function recordingHost(): ProcessHost & {
  started: Array<{ handle: WorkerHandle; exited: Promise<unknown> }>;
} {
  const inner = createForkProcessHost();
  const started: Array<{ handle: WorkerHandle; exited: Promise<unknown> }> = [];
  return {
    started,
    start(entry) {
      const handle = inner.start(entry);
      started.push({ handle, exited: new Promise((resolve) => handle.onExit(resolve)) });
      return handle;
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

const hangingEntry = {
  modulePath: join(__dirname, '..', '..', 'fixtures', 'documents', 'hanging-worker-dev.cjs'),
  execArgv: [],
};
const hangingPdf = Buffer.from(`%PDF-1.7\n${HANG_MARKER}\n`, 'latin1');

describe('one warm worker', () => {
  it('is reused across documents', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host });
    const letter = await danishLetter('Helvetica');
    for (let i = 0; i < 3; i++) expect((await extractor.analyze(letter)).outcome).toBe('ok');
    expect(host.started).toHaveLength(1);
  });
});

describe('the page cap', () => {
  it('refuses 2,500 pages from the page count, before any page is read', async () => {
    const extractor = extractorWith({ processHost: createForkProcessHost() });
    const progress: ProgressEvent[] = [];
    const result = await extractor.analyze(manyPagesPdf(2500), { onProgress: (e) => progress.push(e) });
    expect(result).toMatchObject({ outcome: 'too_large', tooLargeReason: 'pages', pages: 2500 });
    expect(progress).toEqual([]);
  });

  it('reads every page with progress when under the cap (the control for the test above)', async () => {
    const extractor = extractorWith({ processHost: createForkProcessHost(), caps: { maxPages: 40 } });
    const progress: ProgressEvent[] = [];
    const result = await extractor.analyze(manyPagesPdf(30), { onProgress: (e) => progress.push(e) });
    expect(result.outcome).toBe('ok');
    expect(progress).toHaveLength(30);
    expect(progress.at(-1)).toEqual({ pagesDone: 30, pagesTotal: 30 });
    const capped = extractorWith({ processHost: createForkProcessHost(), caps: { maxPages: 20 } });
    expect((await capped.analyze(manyPagesPdf(30))).outcome).toBe('too_large');
  });
});

describe('bytes are checked before any worker starts', () => {
  it('too many bytes is too_large without a process', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host, caps: { maxBytes: 1000 } });
    const result = await extractor.analyze(await danishLetter('Helvetica'));
    expect(result).toMatchObject({ outcome: 'too_large', tooLargeReason: 'bytes' });
    expect(host.started).toHaveLength(0);
  });
});

describe('a decompression bomb', () => {
  it('is stopped at the memory cap, and the next document is read by a fresh worker', async () => {
    const host = recordingHost();
    const maxRssBytes = 300 * 1024 * 1024;
    const extractor = extractorWith({ processHost: host, caps: { maxRssBytes, timeoutMs: 30_000 } });
    const result = await extractor.analyze(decompressionBombPdf());
    if (process.platform === 'linux') {
      // The parent reads the worker's RSS from /proc, so the cap is exact here.
      expect(result).toMatchObject({ outcome: 'too_large', tooLargeReason: 'memory' });
    } else {
      // Elsewhere the cap relies on heartbeats; pdf.js may also give up on the stream by itself.
      expect(['too_large', 'invalid_pdf', 'no_text']).toContain(result.outcome);
    }
    const next = await extractor.analyze(await danishLetter('Helvetica'));
    expect(next.outcome).toBe('ok');
    if (result.outcome === 'too_large') {
      await host.started[0]!.exited;
      expect(host.started).toHaveLength(2);
    }
  });
});

describe('a hanging document', () => {
  it('is killed at the time cap, and the next document is read by a fresh worker', async () => {
    const host = recordingHost();
    const extractor = extractorWith({
      processHost: host,
      workerEntry: hangingEntry,
      caps: { timeoutMs: 1500 },
    });
    const started = Date.now();
    const result = await extractor.analyze(hangingPdf);
    expect(result.outcome).toBe('timeout');
    expect(result.message).toMatch(/for lang tid/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await host.started[0]!.exited).toMatchObject({ signal: 'SIGKILL' });
    expect((await extractor.analyze(await danishLetter('Helvetica'))).outcome).toBe('ok');
    expect(host.started).toHaveLength(2);
  });

  it('can be cancelled: the worker is killed and analyze rejects with the reason', async () => {
    const host = recordingHost();
    const extractor = extractorWith({ processHost: host, workerEntry: hangingEntry });
    const controller = new AbortController();
    const reason = new Error('cancelled by the caseworker');
    const pending = extractor.analyze(hangingPdf, {
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    });
    await expect(pending).rejects.toBe(reason);
    expect(await host.started[0]!.exited).toMatchObject({ signal: 'SIGKILL' });
    expect((await extractor.analyze(await danishLetter('Helvetica'))).outcome).toBe('ok');
  });
});

describe('passwords', () => {
  it('are never logged or returned', async () => {
    const canary = 'Kanariefugl-æøå-7713';
    const logger = new MemoryLogger();
    const extractor = extractorWith({ processHost: createForkProcessHost(), logger });
    const result = await extractor.analyze(await danishLetter('Helvetica'), { password: canary });
    expect(result.outcome).toBe('ok');
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain(canary);
    expect(JSON.stringify(result)).not.toContain(canary);
    expect(logger.lines.join('\n')).not.toContain('Søren');
  });
});

describe('the pdf.js options inside the worker', () => {
  it('are the ones architecture.md asks for, as pdf.js applied them', async () => {
    const extractor = extractorWith({ processHost: createForkProcessHost() });
    await extractor.analyze(await danishLetter('Helvetica'));
    const options = await extractor.describeWorker();
    const root = join(require.resolve('pdfjs-dist/package.json'), '..');
    expect(options).toMatchObject({
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
      cMapPacked: true,
      cMapUrl: join(root, 'cmaps') + '/',
      standardFontDataUrl: join(root, 'standard_fonts') + '/',
      wasmUrl: join(root, 'wasm') + '/',
      stopAtErrors: false,
      disableAutoFetch: true,
      disableStream: true,
      isOffscreenCanvasSupported: false,
      useWorkerFetch: false,
      verbosity: 0,
      BinaryDataFactory: 'class LocalBinaryDataFactory',
      // What pdf.js's parser received for the last document, after its own defaulting:
      'applied.isEvalSupported': false,
      'applied.disableFontFace': true,
      'applied.useSystemFonts': false,
      'applied.enableXfa': false,
      'applied.ignoreErrors': true,
      'applied.isOffscreenCanvasSupported': false,
      'applied.useWorkerFetch': false,
      'applied.cMapUrl': join(root, 'cmaps') + '/',
      'applied.standardFontDataUrl': join(root, 'standard_fonts') + '/',
      'applied.disableAutoFetch': true,
    });
  });
});
