import { createHash } from 'node:crypto';
import { silentLogger, type Logger } from '../ports';
import { sniffKind } from '../services/documents.service';
import { OUTCOME_MESSAGES } from './messages';
import type { ProcessHost, WorkerEntry } from './process-host';
import type { Extraction, Outcome, PageRender, ProgressEvent, RenderRefusal, TooLargeReason } from './types';
import { pdfWorkerEntry } from './worker-entry';
import {
  isFromWorker,
  type EffectiveOptions,
  type FromWorker,
  type RenderReply,
  type ToWorker,
  type WorkerResult,
} from './worker-protocol';
import { createWorkerSlot, type LiveWorker, type WorkerSlot } from './worker-slot';

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

export interface RenderOptions {
  password?: string;
  /** The preview's width in pixels; the page is scaled to it (up or down). Default 900. */
  maxWidthPx?: number;
  /** At most this many pixels (width x height), whatever the page size; wins over maxWidthPx. Default 4 million. */
  maxPixels?: number;
  /** Aborting kills the worker; renderPage then rejects with the signal's reason, as analyze does. */
  signal?: AbortSignal;
}

export const DEFAULT_RENDER = { maxWidthPx: 900, maxPixels: 4_000_000 } as const;

/**
 * A page number the document does not have (or not a page number at all). The caller's mistake, not a property
 * of the document, so it is thrown (renderPage rejects) rather than reported as an outcome. `pages` is the
 * document's page count when the worker opened it, null when the number was refused before that.
 */
export class PageOutOfRangeError extends RangeError {
  override readonly name = 'PageOutOfRangeError';
  constructor(
    readonly page: number,
    readonly pages: number | null,
  ) {
    super(
      pages === null
        ? `Page ${String(page)} is not a page number (1-based integer expected)`
        : `Page ${String(page)} is out of range: the document has ${String(pages)} page(s)`,
    );
  }
}

export interface Extractor {
  analyze(bytes: Uint8Array, options?: AnalyzeOptions): Promise<Extraction>;
  /**
   * Renders one page (1-based) to a PNG in the worker, under the same caps as analyze. Rejects with
   * PageOutOfRangeError for a page the document does not have, with the signal's reason when aborted.
   */
  renderPage(bytes: Uint8Array, page: number, options?: RenderOptions): Promise<PageRender>;
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
  // Which document the warm worker holds for previews, so its bytes are not sent (and hashed) again.
  let heldForPreview: { worker: LiveWorker; sha256: string } | null = null;

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
      // The worker lets go of a preview's document when it is given one to analyse.
      heldForPreview = null;
      const run = await runInWorker(
        (id) => ({
          type: 'analyze',
          id,
          bytes,
          password: opts.password ?? null,
          maxPages: caps.maxPages,
        }),
        (message) => (message.type === 'result' ? message.result : undefined),
        opts,
      );
      if (run.kind === 'cap')
        return finish(refused(base, run.outcome, run.reason), run.reason ?? 'worker_stopped');
      return finish(fromWorker(base, run.result), run.result.detail);
    });
  }

  type Run<T> =
    | { kind: 'done'; result: T; worker: LiveWorker }
    | { kind: 'cap'; outcome: 'timeout' | 'too_large' | 'invalid_pdf'; reason: TooLargeReason | null };

  /** One request in the warm worker under the time and memory caps; `pick` recognises its answer. */
  async function runInWorker<T>(
    request: (id: number, worker: LiveWorker) => ToWorker,
    pick: (message: FromWorker) => T | undefined,
    opts: Pick<AnalyzeOptions, 'onProgress' | 'signal'>,
  ): Promise<Run<T>> {
    const worker = await slot.acquire();
    const id = nextId++;
    return new Promise<Run<T>>((resolve, reject) => {
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
          } else {
            const result = pick(message);
            if (result === undefined) return;
            // A worker that grew large on this document is replaced now rather than carried into the next one.
            const bloated = (worker.rssBytes() ?? 0) > caps.maxRssBytes / 2;
            settle(() => resolve({ kind: 'done', result, worker }), bloated);
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
        // Aborted while a worker was being started: the event has already fired.
        if (signal.aborted) {
          onAbort();
          return;
        }
      }
      worker.handle.send(request(id, worker));
    });
  }

  async function renderPage(bytes: Uint8Array, page: number, opts: RenderOptions = {}): Promise<PageRender> {
    const started = Date.now();
    const maxWidthPx = opts.maxWidthPx ?? DEFAULT_RENDER.maxWidthPx;
    const maxPixels = opts.maxPixels ?? DEFAULT_RENDER.maxPixels;
    if (!Number.isSafeInteger(page) || page < 1) throw new PageOutOfRangeError(page, null);
    for (const [name, value] of [
      ['maxWidthPx', maxWidthPx],
      ['maxPixels', maxPixels],
    ] as const) {
      if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be at least 1`);
    }
    const log = (
      outcome: string,
      fields: { pages?: number; width?: number; height?: number },
      detail: string | null,
    ) =>
      logger.info('document.page_rendered', {
        outcome,
        page,
        pages: fields.pages ?? null,
        width: fields.width ?? null,
        height: fields.height ?? null,
        bytes: bytes.byteLength,
        ms: Date.now() - started,
        detail,
      });
    const finish = (result: PageRender, detail: string | null = null) => {
      log(result.ok ? 'ok' : result.outcome, result.ok ? result : {}, detail);
      return result;
    };
    if (bytes.byteLength === 0 || sniffKind(bytes) !== 'pdf') return finish(notRendered('not_pdf', null));
    if (bytes.byteLength > caps.maxBytes) return finish(notRendered('too_large', 'bytes'));
    opts.signal?.throwIfAborted();
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    return serial(async () => {
      let forceBytes = false;
      for (;;) {
        opts.signal?.throwIfAborted();
        const sent: { bytes: boolean } = { bytes: forceBytes };
        const run: Run<RenderReply> = await runInWorker<RenderReply>(
          (id, worker): ToWorker => {
            const held = heldForPreview?.worker === worker && heldForPreview.sha256 === sha256;
            sent.bytes ||= !held;
            return {
              type: 'render',
              id,
              sha256,
              bytes: sent.bytes ? bytes : null,
              password: opts.password ?? null,
              page,
              maxWidthPx,
              maxPixels,
              maxPages: caps.maxPages,
            };
          },
          (message) => (message.type === 'rendered' ? message.reply : undefined),
          opts,
        );
        if (run.kind === 'cap') {
          heldForPreview = null;
          return finish(notRendered(run.outcome, run.reason), run.reason ?? 'worker_stopped');
        }
        const reply: RenderReply = run.result;
        if (reply.kind === 'need_bytes' && !sent.bytes) {
          forceBytes = true;
          continue;
        }
        const opened = reply.kind === 'rendered' || reply.kind === 'page_out_of_range';
        heldForPreview = opened ? { worker: run.worker, sha256 } : null;
        switch (reply.kind) {
          case 'rendered':
            return finish({
              ok: true,
              png: reply.png,
              width: reply.width,
              height: reply.height,
              page: reply.page,
              pages: reply.pages,
            });
          case 'page_out_of_range':
            log('page_out_of_range', { pages: reply.pages }, null);
            throw new PageOutOfRangeError(page, reply.pages);
          case 'refused':
            return finish(
              notRendered(reply.outcome, reply.outcome === 'too_large' ? 'pages' : null),
              reply.detail,
            );
          case 'need_bytes':
            // Only after the bytes were sent, which the worker never answers this way.
            return finish(notRendered('invalid_pdf', null), 'need_bytes');
        }
      }
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

  return { analyze, renderPage, describeWorker, close: () => slot.close() };
}

function notRendered(outcome: RenderRefusal, tooLargeReason: TooLargeReason | null): PageRender {
  return { ok: false, outcome, message: OUTCOME_MESSAGES[outcome], tooLargeReason };
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
