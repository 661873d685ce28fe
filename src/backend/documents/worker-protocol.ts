import type { Highlight } from './locate-text';
import type { PdfContent } from './types';

/** Messages between the extractor (parent) and the PDF worker (child). Structured-clone safe only. */
export type ToWorker = AnalyzeRequestMessage | { type: 'describe'; id: number } | RenderRequestMessage;

/**
 * Extract a document. Without `firstPage`/`lastPage`/`split` the worker reads every page (one worker per document).
 * With `split` (the first part of a document shared between workers) the worker answers `opened` with the page
 * count once the document is open and under the page cap, and reads only the first of `splitRanges(pages, parts)`
 * when the document has at least `minPages` pages. A later part gets its pages as `firstPage`/`lastPage`; only
 * a part starting at page 1 reads the document-level facts (metadata, attachments, fields, document JavaScript).
 */
export interface AnalyzeRequestMessage extends ExtractParams {
  type: 'analyze';
  id: number;
}

/** What to extract: the same fields in the message to the worker and in the extraction inside it. */
export interface ExtractParams {
  bytes: Uint8Array;
  password: string | null;
  maxPages: number;
  /** Only these pages (1-based, inclusive; default 1 and the last page); document-level facts only from page 1. */
  firstPage?: number;
  lastPage?: number;
  /** The first part of a document shared between workers (see above). */
  split?: { parts: number; minPages: number };
}

/** Contiguous, nearly equal page ranges (1-based, inclusive) for `parts` workers; fewer when pages are few. */
export function splitRanges(pages: number, parts: number): Array<{ firstPage: number; lastPage: number }> {
  const n = Math.max(1, Math.min(parts, pages));
  const ranges: Array<{ firstPage: number; lastPage: number }> = [];
  let first = 1;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(pages / n) + (i < pages % n ? 1 : 0);
    ranges.push({ firstPage: first, lastPage: first + size - 1 });
    first += size;
  }
  return ranges;
}

/**
 * Render one page to a PNG. `bytes` is null when the parent believes this worker still holds the document
 * (the same `sha256` was rendered last); a worker that does not answers `need_bytes` and gets them again.
 */
export interface RenderRequestMessage {
  type: 'render';
  id: number;
  sha256: string;
  bytes: Uint8Array | null;
  password: string | null;
  /** 1-based; the parent has checked it is a positive integer. */
  page: number;
  maxWidthPx: number;
  maxPixels: number;
  maxPages: number;
  /** Texts to locate on the page (evidence), answered as `highlights` in the same order; none when absent. */
  highlight?: readonly string[];
}

export type RenderReply =
  | {
      kind: 'rendered';
      png: Uint8Array;
      width: number;
      height: number;
      page: number;
      pages: number;
      highlights: Highlight[];
    }
  | {
      kind: 'refused';
      outcome: Exclude<WorkerOutcome, 'ok'>;
      pages: number;
      /** A short, content-free reason for logs, as in WorkerResult. */
      detail: string | null;
    }
  | { kind: 'page_out_of_range'; pages: number }
  | { kind: 'need_bytes' };

/** What the worker itself can decide; no_text, not_pdf, the byte cap and timeout are the parent's. */
export type WorkerOutcome = 'ok' | 'needs_password' | 'wrong_password' | 'invalid_pdf' | 'too_large';

export interface WorkerResult {
  outcome: WorkerOutcome;
  /** Page count pdf.js reports (also when it is over the cap). */
  pages: number;
  content: PdfContent | null;
  /** A short, content-free reason for logs (an exception name), never the message text. */
  detail: string | null;
}

/** The pdf.js options as the worker applied them, with factories named rather than cloned. */
export type EffectiveOptions = Record<string, string | number | boolean | null>;

export type FromWorker =
  | { type: 'ready'; rssBytes: number }
  | { type: 'heartbeat'; rssBytes: number }
  | { type: 'progress'; id: number; pagesDone: number; pagesTotal: number }
  /** Only for a request with `split`: the document is open, under the page cap, and has this many pages. */
  | { type: 'opened'; id: number; pages: number }
  | { type: 'result'; id: number; result: WorkerResult }
  | { type: 'described'; id: number; options: EffectiveOptions }
  | { type: 'rendered'; id: number; reply: RenderReply };

export function isFromWorker(message: unknown): message is FromWorker {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}
