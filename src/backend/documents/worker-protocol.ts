import type { PdfContent } from './types';

/** Messages between the extractor (parent) and the PDF worker (child). Structured-clone safe only. */
export type ToWorker =
  | { type: 'analyze'; id: number; bytes: Uint8Array; password: string | null; maxPages: number }
  | { type: 'describe'; id: number };

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
  | { type: 'result'; id: number; result: WorkerResult }
  | { type: 'described'; id: number; options: EffectiveOptions };

export function isFromWorker(message: unknown): message is FromWorker {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}
