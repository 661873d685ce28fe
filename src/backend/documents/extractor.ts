import { createHash } from 'node:crypto';
import { silentLogger, type Logger } from '../ports';
import { sniffKind } from '../services/documents.service';
import { OUTCOME_MESSAGES } from './messages';
import type { ProcessHost, WorkerEntry } from './process-host';
import type { Extraction, Outcome, ProgressEvent, TooLargeReason } from './types';
import { pdfWorkerEntry } from './worker-entry';
import { isFromWorker, type EffectiveOptions, type WorkerResult } from './worker-protocol';
import { createWorkerSlot, type WorkerSlot } from './worker-slot';

export interface ExtractorCaps {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
  /** Resident memory of the worker process; over it the worker is killed and the document is `too_large`. */
  maxRssBytes: number;
}

export const DEFAULT_CAPS: ExtractorCaps = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 2000,
  timeoutMs: 60_000,
  // pdf.js idles at ~100 MB; a 100 MB file is held about twice plus parsed objects, which stays well under
  // 1 GiB, while a caseworker's 8 GB laptop still has room for Word and the browser when a bomb hits the cap.
  maxRssBytes: 1024 * 1024 * 1024,
};

/**
 * Fewer non-whitespace characters than this on a page: a page number ("Side 12"), a stamp or a scanner's
 * producer line, not text anyone could check. The corpus pins it: scan-bad.pdf's 6 characters ("pdf.js") must
 * be no_text, issue6010_2.pdf's 9 ("Issue 6010") must be ok. docs/documents.md explains the trade-off.
 */
export const MIN_CHARS_PER_PAGE = 8;

export interface AnalyzeOptions {
  password?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Aborting kills the worker; analyze then rejects with the signal's reason (cancelling is not an outcome). */
  signal?: AbortSignal;
}

export interface Extractor {
  analyze(bytes: Uint8Array, options?: AnalyzeOptions): Promise<Extraction>;
  /** The pdf.js options inside the worker, as passed and (after one document) as applied by pdf.js. */
  describeWorker(): Promise<EffectiveOptions>;
  close(): void;
}

export interface ExtractorOptions {
  processHost: ProcessHost;
  caps?: Partial<ExtractorCaps>;
  logger?: Logger;
  /** Defaults to pdfWorkerEntry(); tests may point it at a wrapper. */
  workerEntry?: WorkerEntry;
  /** How often the worker's RSS is sampled while it works. */
  rssSampleMs?: number;
}

export function createExtractor(options: ExtractorOptions): Extractor {
  const caps: ExtractorCaps = { ...DEFAULT_CAPS, ...options.caps };
  const logger = options.logger ?? silentLogger;
  const slot: WorkerSlot = createWorkerSlot(options.processHost, options.workerEntry ?? pdfWorkerEntry());
  const sampleMs = options.rssSampleMs ?? 50;
  let nextId = 1;
  // One document at a time per worker: queued analyses wait here.
  let queue: Promise<unknown> = Promise.resolve();

  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  async function analyze(bytes: Uint8Array, opts: AnalyzeOptions = {}): Promise<Extraction> {
    const started = Date.now();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const base = { sha256, byteLength: bytes.byteLength };
    const finish = (extraction: Extraction, detail: string | null = null) => {
      logger.info('document.analyzed', {
        outcome: extraction.outcome,
        tooLargeReason: extraction.tooLargeReason,
        pages: extraction.pages,
        bytes: bytes.byteLength,
        ms: Date.now() - started,
        detail,
      });
      return extraction;
    };
    // Decided from the bytes alone: no process is started for these.
    if (bytes.byteLength === 0 || sniffKind(bytes) !== 'pdf') return finish(refused(base, 'not_pdf', null));
    if (bytes.byteLength > caps.maxBytes) return finish(refused(base, 'too_large', 'bytes'));
    opts.signal?.throwIfAborted();

    return serial(async () => {
      opts.signal?.throwIfAborted();
      const run = await runInWorker(bytes, opts);
      if (run.kind === 'cap')
        return finish(refused(base, run.outcome, run.reason), run.reason ?? 'worker_stopped');
      return finish(fromWorker(base, run.result), run.result.detail);
    });
  }

  type Run =
    | { kind: 'done'; result: WorkerResult }
    | { kind: 'cap'; outcome: 'timeout' | 'too_large' | 'invalid_pdf'; reason: TooLargeReason | null };

  async function runInWorker(bytes: Uint8Array, opts: AnalyzeOptions): Promise<Run> {
    const worker = await slot.acquire();
    const id = nextId++;
    return new Promise<Run>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      const settle = (action: () => void, kill: boolean) => {
        for (const c of cleanups) c();
        if (kill) slot.discard(worker);
        action();
      };
      cleanups.push(
        worker.handle.onMessage((message) => {
          if (!isFromWorker(message) || !('id' in message) || message.id !== id) return;
          if (message.type === 'progress') {
            opts.onProgress?.({ pagesDone: message.pagesDone, pagesTotal: message.pagesTotal });
          } else if (message.type === 'result') {
            // A worker that grew large on this document is replaced now rather than carried into the next one.
            const bloated = (worker.rssBytes() ?? 0) > caps.maxRssBytes / 2;
            settle(() => resolve({ kind: 'done', result: message.result }), bloated);
          }
        }),
      );
      // A worker that dies mid-document without hitting one of our caps could not read the file.
      cleanups.push(
        worker.handle.onExit(() =>
          settle(() => resolve({ kind: 'cap', outcome: 'invalid_pdf', reason: null }), true),
        ),
      );
      const timer = setTimeout(
        () => settle(() => resolve({ kind: 'cap', outcome: 'timeout', reason: null }), true),
        caps.timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
      const sampler = setInterval(() => {
        const rss = worker.rssBytes();
        if (rss !== null && rss > caps.maxRssBytes) {
          settle(() => resolve({ kind: 'cap', outcome: 'too_large', reason: 'memory' }), true);
        }
      }, sampleMs);
      cleanups.push(() => clearInterval(sampler));
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = () => settle(() => reject(signal.reason), true);
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
      worker.handle.send({
        type: 'analyze',
        id,
        bytes,
        password: opts.password ?? null,
        maxPages: caps.maxPages,
      });
    });
  }

  async function describeWorker(): Promise<EffectiveOptions> {
    return serial(async () => {
      const worker = await slot.acquire();
      const id = nextId++;
      return new Promise<EffectiveOptions>((resolve) => {
        const off = worker.handle.onMessage((message) => {
          if (isFromWorker(message) && message.type === 'described' && message.id === id) {
            off();
            resolve(message.options);
          }
        });
        worker.handle.send({ type: 'describe', id });
      });
    });
  }

  return { analyze, describeWorker, close: () => slot.close() };
}

export function refused(
  base: { sha256: string; byteLength: number },
  outcome: Outcome,
  tooLargeReason: TooLargeReason | null,
): Extraction {
  return {
    ...base,
    outcome,
    message: OUTCOME_MESSAGES[outcome],
    tooLargeReason,
    pages: 0,
    pagesWithoutText: [],
    chars: 0,
    content: null,
  };
}

function fromWorker(base: { sha256: string; byteLength: number }, result: WorkerResult): Extraction {
  if (result.outcome !== 'ok' || !result.content) {
    const reason = result.outcome === 'too_large' ? 'pages' : null;
    return { ...refused(base, result.outcome, reason), pages: result.pages };
  }
  const { content } = result;
  const pagesWithoutText = content.pageTexts.filter((p) => p.chars < MIN_CHARS_PER_PAGE).map((p) => p.page);
  const chars = content.pageTexts.reduce((sum, p) => sum + p.chars, 0);
  const outcome: Outcome = pagesWithoutText.length === content.pageTexts.length ? 'no_text' : 'ok';
  return {
    ...base,
    outcome,
    message: OUTCOME_MESSAGES[outcome],
    tooLargeReason: null,
    pages: content.pages,
    pagesWithoutText,
    chars,
    content,
  };
}
