import { runInNewContext } from 'node:vm';
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describeOptions, pdfjsOptions, pdfjsRoot } from './pdf-options';
import { extractPdf } from './pdf-extract';
import { createPageRenderer } from './pdf-render';
import type { EffectiveOptions, FromWorker, RenderReply, ToWorker, WorkerResult } from './worker-protocol';

/** The child's side of the message channel: process.send under fork, process.parentPort in a utilityProcess. */
export interface ChildPort {
  send(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function processPort(): ChildPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send)
    throw new Error('The PDF worker must be started as a child process with an IPC channel.');
  // Without a parent there is nobody to answer: leave rather than linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message) => void process.send?.(message),
    onMessage: (listener) => void process.on('message', listener),
  };
}

const HEARTBEAT_MS = 200;

/**
 * Loads pdf.js, then answers requests one at a time. pdf.js's own "worker" runs in this process (the fake
 * worker): this whole process is the isolation, and a second thread would only hide its memory from the cap.
 */
export async function startPdfWorker(port: ChildPort): Promise<void> {
  const options = pdfjsOptions(pdfjsRoot());
  // Saved before pdf.js is loaded (from source, pdf-worker-dev.cjs has loaded it already and put push back).
  const enginePush = Array.prototype.push;
  // Handing pdf.js its parser module up front means it never looks for a worker file or starts a Web Worker.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker =
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const pdfjs: typeof Pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreEnginePush(enginePush);
  const pdfWorker = new pdfjs.PDFWorker({ verbosity: options.verbosity });
  await pdfWorker.promise;
  const applied = recordAppliedOptions(pdfWorker);
  const renderer = createPageRenderer(pdfjs, pdfWorker, options);

  const rss = () => process.memoryUsage.rss();
  setInterval(() => port.send({ type: 'heartbeat', rssBytes: rss() }), HEARTBEAT_MS).unref();

  let queue = Promise.resolve();
  port.onMessage((raw) => {
    const message = raw as ToWorker;
    queue = queue.then(async () => {
      if (message.type === 'describe') {
        port.send({
          type: 'described',
          id: message.id,
          options: {
            ...describeOptions(options),
            ...applied(),
            ...renderer.describe(),
            'runtime.enginePush': isEnginePush(),
          },
        });
        return;
      }
      if (message.type === 'render') {
        let reply: RenderReply;
        try {
          reply = await renderer.render(message);
        } catch (error) {
          // As for extraction: pdf.js failing past opening means a file it could not work around.
          await renderer.release().catch(() => undefined);
          const detail = error instanceof Error ? error.name : 'unknown';
          reply = { kind: 'refused', outcome: 'invalid_pdf', pages: 0, detail };
        }
        port.send({ type: 'rendered', id: message.id, reply });
        return;
      }
      if (message.type !== 'analyze') return;
      // One parsed document in memory at a time: the preview's cached one goes when another is analysed.
      await renderer.release().catch(() => undefined);
      let result: WorkerResult;
      try {
        result = await extractPdf(pdfjs, pdfWorker, options, {
          bytes: message.bytes,
          password: message.password,
          maxPages: message.maxPages,
          ...(message.firstPage === undefined ? {} : { firstPage: message.firstPage }),
          ...(message.lastPage === undefined ? {} : { lastPage: message.lastPage }),
          ...(message.split === undefined ? {} : { split: message.split }),
          onOpened: (pages) => port.send({ type: 'opened', id: message.id, pages }),
          onPage: (pagesDone, pagesTotal) =>
            port.send({ type: 'progress', id: message.id, pagesDone, pagesTotal }),
        });
      } catch (error) {
        // Anything pdf.js throws past opening means the file is broken in a way it could not work around.
        const detail = error instanceof Error ? error.name : 'unknown';
        result = { outcome: 'invalid_pdf', pages: 0, content: null, detail };
      }
      port.send({ type: 'result', id: message.id, result });
    });
  });
  port.send({ type: 'ready', rssBytes: rss() });
}

/**
 * Records what pdf.js actually sends its parser for each document (after its own defaulting), so a test can
 * assert the options that took effect rather than the ones we meant to pass. Password and bytes are left out.
 */
function recordAppliedOptions(pdfWorker: Pdfjs.PDFWorker): () => EffectiveOptions {
  let last: EffectiveOptions = {};
  const handler = pdfWorker.messageHandler as {
    sendWithPromise(action: string, data: unknown, transfers?: unknown): Promise<unknown>;
  };
  const send = handler.sendWithPromise.bind(handler);
  handler.sendWithPromise = (action, data, transfers) => {
    if (action === 'GetDocRequest') {
      const params = data as {
        evaluatorOptions: Record<string, unknown>;
        enableXfa: unknown;
        disableAutoFetch: unknown;
      };
      last = {};
      for (const [key, value] of Object.entries({
        ...params.evaluatorOptions,
        enableXfa: params.enableXfa,
        disableAutoFetch: params.disableAutoFetch,
      })) {
        if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
          last[`applied.${key}`] = value as string | number | boolean | null;
        }
      }
    }
    return send(action, data, transfers);
  };
  return () => last;
}

/**
 * pdf.js's legacy build bundles core-js, which replaces `Array.prototype.push` with a JavaScript version whenever
 * the engine's push fails one of its checks. V8 in Node 20 fails one: `push()` with no arguments on an array whose
 * `length` is not writable (a frozen array) returns quietly instead of throwing a TypeError. The replacement is
 * global and costs about a fifth of text extraction on Node 20 (docs/bench.md). Putting the engine's push back is
 * safe here: this process runs pdf.js and our own code only, neither pushes nothing onto a frozen array (a push
 * with items onto one throws in V8 too), and pdf.js's modern build runs on the engines' own push in every browser.
 * Only a function that really is the engine's is put back, so a `saved` taken after pdf.js loaded does nothing.
 * Returns whether push was replaced.
 */
export function restoreEnginePush(
  saved: unknown,
  target: { push: unknown } = Array.prototype as unknown as { push: unknown },
): boolean {
  if (target.push === saved || typeof saved !== 'function' || !isEnginePush(saved)) return false;
  Object.defineProperty(target, 'push', {
    value: saved,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return true;
}

/**
 * Whether `fn` (by default the current `Array.prototype.push`) is the engine's own function. Asked through a fresh
 * realm's `Function.prototype.toString`: core-js replaces ours with one that prints "[native code]" for its own
 * polyfills too.
 */
export function isEnginePush(fn: unknown = Array.prototype.push): boolean {
  const toString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
  return typeof fn === 'function' && /^function push\(\) \{\s*\[native code\]\s*\}$/u.test(toString.call(fn));
}
