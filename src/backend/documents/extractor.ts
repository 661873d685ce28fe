import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
  splitRanges,
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
  /**
   * Texts (a finding's evidence) to locate on the page: each comes back in `highlights` with its rectangles on the
   * image, none when it is not there. At most MAX_HIGHLIGHTS, each at most MAX_HIGHLIGHT_CHARS long.
   */
  highlight?: readonly string[];
}

/** The caps on `RenderOptions.highlight` (the contract's previewPage holds the window to the same). */
export const MAX_HIGHLIGHTS = 50;
export const MAX_HIGHLIGHT_CHARS = 500;

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
  /**
   * Worker processes one long document may use at once (default 1; at most the machine's cores, and at least 2
   * may be asked for). With more than 1, a document of `splitMinPages` pages or more is read as contiguous page
   * ranges by that many warm workers at once; the time cap holds for the whole document and the memory cap for
   * the workers' summed RSS. Previews and short documents use the first worker only. docs/documents.md.
   */
  workers?: number;
  /** The page count from which a document is split between workers (default 50). */
  splitMinPages?: number;
}

export const DEFAULT_SPLIT_MIN_PAGES = 50;

export function createExtractor(options: ExtractorOptions): Extractor {
  const caps: ExtractorCaps = { ...DEFAULT_CAPS, ...options.caps };
  const logger = options.logger ?? silentLogger;
  const entry = options.workerEntry ?? pdfWorkerEntry();
  const workers = Math.min(
    Math.max(1, Math.floor(options.workers ?? 1)),
    Math.max(2, availableParallelism()),
  );
  const splitMinPages = Math.max(2, options.splitMinPages ?? DEFAULT_SPLIT_MIN_PAGES);
  // slots[0] is the warm worker for everything; the others are started the first time a long document is split.
  const slots: WorkerSlot[] = Array.from({ length: workers }, () =>
    createWorkerSlot(options.processHost, entry),
  );
  const slot: WorkerSlot = slots[0]!;
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
      if (slots.length > 1) {
        const split = await runSplit(bytes, opts);
        if (split.kind === 'cap')
          return finish(refused(base, split.outcome, split.reason), split.reason ?? 'worker_stopped');
        return finish(fromWorker(base, split.result), split.result.detail);
      }
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

  /**
   * One document over the workers: the first worker opens it and reports the page count; from `splitMinPages`
   * pages on, the other workers (warm, or started now) each read their own contiguous range while the first reads
   * its own. One deadline for the whole document, the memory cap on the summed RSS of the job's workers, progress
   * summed; a cap, a crash or a cancel kills every worker of the job, and the first part that is not `ok` (a
   * password refused, a broken page tree) decides the outcome and stops the others.
   */
  async function runSplit(
    bytes: Uint8Array,
    opts: AnalyzeOptions,
  ): Promise<{ kind: 'done'; result: WorkerResult } | Extract<Run<never>, { kind: 'cap' }>> {
    const first = await slots[0]!.acquire();
    const id = nextId++;
    type Part = { worker: LiveWorker; slot: WorkerSlot; pagesDone: number; result: WorkerResult | null };
    return new Promise((resolve, reject) => {
      const parts: Part[] = [];
      let expected = 1;
      let pagesTotal = 0;
      let settled = false;
      const cleanups: Array<() => void> = [];
      const settle = (action: () => void, kill: (part: Part) => boolean) => {
        if (settled) return;
        settled = true;
        for (const c of cleanups) c();
        // `parts` may have holes while later workers are still starting; those are not part of the job yet.
        for (const part of parts.filter(Boolean)) if (kill(part)) part.slot.discard(part.worker);
        action();
      };
      const killAll = () => true;
      const summedRss = () => parts.reduce((sum, p) => sum + (p.worker.rssBytes() ?? 0), 0);

      const finishIfComplete = () => {
        const results: WorkerResult[] = [];
        for (let i = 0; i < expected; i++) {
          const result = parts[i]?.result;
          if (!result) return;
          results.push(result);
        }
        // Workers that grew large on this document are replaced now rather than carried into the next one.
        const bloated = summedRss() > caps.maxRssBytes / 2;
        settle(
          () => resolve({ kind: 'done', result: mergeParts(results) }),
          () => bloated,
        );
      };

      const attach = (part: Part, index: number) => {
        const { worker } = part;
        cleanups.push(
          worker.handle.onMessage((message) => {
            if (settled || !isFromWorker(message) || !('id' in message) || message.id !== id) return;
            if (message.type === 'opened') {
              pagesTotal = message.pages;
              if (index === 0 && message.pages >= splitMinPages) startOthers(message.pages);
            } else if (message.type === 'progress') {
              part.pagesDone = message.pagesDone;
              pagesTotal = message.pagesTotal;
              const pagesDone = parts.reduce((sum, p) => sum + p.pagesDone, 0);
              opts.onProgress?.({ pagesDone, pagesTotal });
            } else if (message.type === 'result') {
              part.result = message.result;
              if (message.result.outcome !== 'ok' || !message.result.content) {
                // This part's answer is the document's; the others' work is moot, so their workers go.
                const failed = message.result;
                const bloated = summedRss() > caps.maxRssBytes / 2;
                settle(
                  () => resolve({ kind: 'done', result: failed }),
                  (p) => bloated || (p !== part && p.result === null),
                );
              } else {
                finishIfComplete();
              }
            }
          }),
        );
        // A worker that dies mid-document without hitting one of our caps could not read the file.
        cleanups.push(
          worker.handle.onExit(() =>
            settle(() => resolve({ kind: 'cap', outcome: 'invalid_pdf', reason: null }), killAll),
          ),
        );
      };

      const startOthers = (pages: number) => {
        const ranges = splitRanges(pages, slots.length);
        expected = ranges.length;
        ranges.slice(1).forEach((range, i) => {
          const slotOfPart = slots[i + 1]!;
          slotOfPart.acquire().then(
            (worker) => {
              if (settled) return;
              const part: Part = { worker, slot: slotOfPart, pagesDone: 0, result: null };
              parts[i + 1] = part;
              attach(part, i + 1);
              worker.handle.send({
                type: 'analyze',
                id,
                bytes,
                password: opts.password ?? null,
                maxPages: caps.maxPages,
                firstPage: range.firstPage,
                lastPage: range.lastPage,
              } satisfies ToWorker);
            },
            (error: unknown) => settle(() => reject(error), killAll),
          );
        });
      };

      const firstPart: Part = { worker: first, slot: slots[0]!, pagesDone: 0, result: null };
      parts.push(firstPart);
      attach(firstPart, 0);
      const timer = setTimeout(
        () => settle(() => resolve({ kind: 'cap', outcome: 'timeout', reason: null }), killAll),
        caps.timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
      const sampler = setInterval(() => {
        if (summedRss() > caps.maxRssBytes) {
          settle(() => resolve({ kind: 'cap', outcome: 'too_large', reason: 'memory' }), killAll);
        }
      }, sampleMs);
      cleanups.push(() => clearInterval(sampler));
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = () => settle(() => reject(signal.reason), killAll);
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
        if (signal.aborted) {
          onAbort();
          return;
        }
      }
      first.handle.send({
        type: 'analyze',
        id,
        bytes,
        password: opts.password ?? null,
        maxPages: caps.maxPages,
        split: { parts: slots.length, minPages: splitMinPages },
      } satisfies ToWorker);
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
    const highlight = [...(opts.highlight ?? [])];
    if (highlight.length > MAX_HIGHLIGHTS || highlight.some((t) => t.length > MAX_HIGHLIGHT_CHARS))
      throw new RangeError(`highlight: at most ${MAX_HIGHLIGHTS} texts of ${MAX_HIGHLIGHT_CHARS} characters`);
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
              highlight,
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
              highlights: reply.highlights,
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

  return { analyze, renderPage, describeWorker, close: () => slots.forEach((s) => s.close()) };
}

/** The parts of a split document, in page order, as one worker reading every page would have answered. */
function mergeParts(results: WorkerResult[]): WorkerResult {
  const head = results[0]!;
  if (results.length === 1 || !head.content) return head;
  const contents = results.map((r) => r.content!);
  // One worker lists annotation texts page by page and then the form fields (read by the first part only).
  const annotations = contents.flatMap((c) => c.sideTexts.filter((t) => t.source === 'annotation'));
  const fields = head.content.sideTexts.filter((t) => t.source !== 'annotation');
  return {
    ...head,
    content: {
      ...head.content,
      pageTexts: contents.flatMap((c) => c.pageTexts),
      sideTexts: [...annotations, ...fields],
      hasJavaScript: contents.some((c) => c.hasJavaScript),
    },
  };
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
