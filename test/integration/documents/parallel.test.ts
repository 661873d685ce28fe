import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createExtractor, type ExtractorOptions } from '../../../src/backend/documents/extractor';
import {
  createForkProcessHost,
  type ProcessHost,
  type WorkerExit,
  type WorkerHandle,
} from '../../../src/backend/documents/process-host';
import type { ProgressEvent } from '../../../src/backend/documents/types';
import { danishCaseBundle } from '../../fixtures/documents/bundle-fixtures';
import { loadCorpus } from '../../fixtures/documents/corpus';
import { danishLetter, formFieldPdf } from '../../fixtures/documents/pdfkit-fixtures';

/**
 * `workers: 2`: a long document is read as two page ranges by two worker processes at once. The answer must be
 * exactly the one worker's, and every cap must hold for the job as a whole.
 */

interface Started {
  handle: WorkerHandle;
  exited: Promise<WorkerExit>;
  /** Ids of the analyze requests this worker was given, and how many progress messages it sent. */
  analyzeIds: number[];
  progress: number;
}

/** A fork host that remembers every worker, what it was asked to analyse and how it ended. */
function recordingHost(): ProcessHost & { started: Started[] } {
  const inner = createForkProcessHost();
  const started: Started[] = [];
  return {
    started,
    start(entry) {
      const handle = inner.start(entry);
      const record: Started = {
        handle,
        exited: new Promise((done) => handle.onExit(done)),
        analyzeIds: [],
        progress: 0,
      };
      handle.onMessage((message) => {
        if ((message as { type?: unknown }).type === 'progress') record.progress++;
      });
      started.push(record);
      return {
        ...handle,
        pid: handle.pid,
        send(message) {
          const m = message as { type?: unknown; id?: unknown };
          if (m.type === 'analyze' && typeof m.id === 'number') record.analyzeIds.push(m.id);
          handle.send(message);
        },
      };
    },
  };
}

/** Four pages with comments on pages 1, 3 and 4, a form field on page 4 and an attachment. */
function annotatedPdf(): Promise<Buffer> {
  return new Promise((done, fail) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: 'Noter', Author: 'Jobcentret' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => done(Buffer.concat(chunks)));
    doc.on('error', fail);
    doc.font('Helvetica').fontSize(12);
    for (let page = 1; page <= 4; page++) {
      if (page > 1) doc.addPage();
      doc.text(`Side ${String(page)}: bemærkninger til sagen om særlige udgifter.`, 50, 50);
      if (page !== 2) doc.note(50, 100, 20, 20, `Note på side ${String(page)}: ring til borgeren.`);
    }
    doc.initForm();
    doc.formText('cpr', 50, 200, 200, 20, { value: '010203-1234' });
    doc.file(Buffer.from('bilag'), { name: 'bilag.txt' });
    doc.end();
  });
}

const open: Array<{ close(): void }> = [];
afterEach(() => open.splice(0).forEach((e) => e.close()));
function extractorWith(options: Partial<ExtractorOptions> & { processHost: ProcessHost }) {
  const extractor = createExtractor(options);
  open.push(extractor);
  return extractor;
}

const BUNDLE_PAGES = 120;
let bundle: Buffer;
let single: ReturnType<typeof createExtractor>;
beforeAll(async () => {
  bundle = await danishCaseBundle(BUNDLE_PAGES, { title: 'Sagsakter' });
  single = createExtractor({ processHost: createForkProcessHost() });
});
afterAll(() => single.close());

describe('two workers on one long document', () => {
  it('give exactly the Extraction one worker gives, with progress summed to the total', async () => {
    const host = recordingHost();
    const parallel = extractorWith({ processHost: host, workers: 2 });
    const expected = await single.analyze(bundle);
    expect(expected.outcome).toBe('ok');
    const progress: ProgressEvent[] = [];
    const result = await parallel.analyze(bundle, { onProgress: (e) => progress.push(e) });
    expect(result).toEqual(expected);
    expect(result.content?.pageTexts.map((p) => p.page)).toEqual(
      Array.from({ length: BUNDLE_PAGES }, (_, i) => i + 1),
    );
    expect(result.content?.metadata.title).toBe('Sagsakter');
    // Both workers read a part of this document.
    expect(host.started).toHaveLength(2);
    const jobId = host.started[0]!.analyzeIds[0];
    expect(host.started[1]!.analyzeIds).toEqual([jobId]);
    expect(progress).toHaveLength(BUNDLE_PAGES);
    expect(progress.at(-1)).toEqual({ pagesDone: BUNDLE_PAGES, pagesTotal: BUNDLE_PAGES });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.pagesDone).toBeGreaterThan(progress[i - 1]!.pagesDone);
    }
    // The warm workers are reused for the next long document, and the answer is the same again.
    expect(await parallel.analyze(bundle)).toEqual(expected);
    expect(host.started).toHaveLength(2);
  });

  it('reads a short document with the first worker only', async () => {
    const host = recordingHost();
    const parallel = extractorWith({ processHost: host, workers: 2 });
    const letter = await danishLetter('DejaVuSans');
    expect(await parallel.analyze(letter)).toEqual(await single.analyze(letter));
    expect(host.started).toHaveLength(1);
  });

  it('split from two pages on, the corpus and a form field come out as with one worker', async () => {
    // Annotations, form fields, attachments, JavaScript and passwords: the document-level facts come from the
    // first part, annotation texts from every part in page order.
    const parallel = extractorWith({ processHost: createForkProcessHost(), workers: 2, splitMinPages: 2 });
    const corpus = loadCorpus(resolve(__dirname, '..', '..', '..'));
    const cases: Array<{ what: string; bytes: Buffer; password?: string }> = [
      { what: 'form field', bytes: await formFieldPdf('010203-1234') },
      { what: 'annotations on several pages', bytes: await annotatedPdf() },
    ];
    for (const entry of corpus.files) {
      const bytes = readFileSync(join(corpus.dir, entry.file));
      cases.push({ what: entry.file, bytes });
      for (const attempt of entry.withPassword ?? []) {
        cases.push({ what: `${entry.file} (password)`, bytes, password: attempt.password });
      }
    }
    let split = 0;
    for (const c of cases) {
      const opts = c.password === undefined ? {} : { password: c.password };
      const expected = await single.analyze(c.bytes, opts);
      const result = await parallel.analyze(c.bytes, opts);
      expect({ what: c.what, result }).toEqual({ what: c.what, result: expected });
      if (expected.pages >= 2 && expected.content) split++;
    }
    expect(split).toBeGreaterThan(0);
    // The fixture's comments come from both parts, in page order, before the form field.
    const annotated = await parallel.analyze(await annotatedPdf());
    expect(annotated.content?.sideTexts.map((t) => [t.source, t.page])).toEqual([
      ['annotation', 1],
      ['annotation', 3],
      ['annotation', 4],
      ['form_field', 4],
    ]);
    expect(annotated.content?.attachments).toBe(1);
  });
});

describe('caps and cancel hold for the whole job', () => {
  it('cancel kills both workers, and the next document is read normally', async () => {
    const host = recordingHost();
    const parallel = extractorWith({ processHost: host, workers: 2 });
    const controller = new AbortController();
    const reason = new Error('cancelled by the caseworker');
    const big = await danishCaseBundle(400);
    const pending = parallel.analyze(big, {
      signal: controller.signal,
      // Once both workers have reported a page, both are working on this document.
      onProgress: () => {
        if (host.started.length === 2 && host.started.every((s) => s.progress > 0)) controller.abort(reason);
      },
    });
    await expect(pending).rejects.toBe(reason);
    for (const s of host.started) expect(await s.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(await parallel.analyze(bundle)).toEqual(await single.analyze(bundle));
  });

  it('the time cap kills every worker of the job, and the next document is read normally', async () => {
    const host = recordingHost();
    const parallel = extractorWith({ processHost: host, workers: 2, caps: { timeoutMs: 1500 } });
    const big = await danishCaseBundle(800);
    const result = await parallel.analyze(big);
    expect(result.outcome).toBe('timeout');
    const job = host.started.filter((s) => s.analyzeIds.length > 0);
    expect(job.length).toBeGreaterThan(0);
    for (const s of job) expect(await s.exited).toMatchObject({ signal: 'SIGKILL' });
    const letter = await danishLetter('Helvetica');
    expect((await parallel.analyze(letter)).outcome).toBe('ok');
  });

  it('the memory cap applies to the summed RSS: over it, every worker of the job is killed', async () => {
    if (process.platform !== 'linux') return; // the cap is only exact where the parent reads /proc
    // Twice the RSS of one idle worker, which the two warm workers pass together as soon as both read.
    const probeHost = recordingHost();
    const probe = extractorWith({ processHost: probeHost });
    await probe.describeWorker();
    const idle = probeHost.started[0]!.handle.sampleRssBytes()!;
    probe.close();
    const host = recordingHost();
    const parallel = extractorWith({
      processHost: host,
      workers: 2,
      caps: { maxRssBytes: Math.round(idle * 1.9) },
    });
    const result = await parallel.analyze(await danishCaseBundle(300));
    expect(result).toMatchObject({ outcome: 'too_large', tooLargeReason: 'memory' });
    const job = host.started.filter((s) => s.analyzeIds.length > 0);
    expect(job.length).toBeGreaterThan(0);
    for (const s of job) expect(await s.exited).toMatchObject({ signal: 'SIGKILL' });
    expect((await parallel.analyze(await danishLetter('Helvetica'))).outcome).toBe('ok');
  });
});
