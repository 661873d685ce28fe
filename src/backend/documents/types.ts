import type { Highlight } from './locate-text';

/** What the analysis of one document says. The list is fixed by docs/architecture.md. */
export type Outcome =
  | 'ok'
  | 'no_text'
  | 'needs_password'
  | 'wrong_password'
  | 'invalid_pdf'
  | 'not_pdf'
  | 'too_large'
  | 'timeout';

/** Which cap a `too_large` hit; for logs and the UI's details, not a new outcome. */
export type TooLargeReason = 'bytes' | 'pages' | 'memory';

/** A run of text where pdf.js placed it: PDF user space (points, origin bottom left), 1-based page. */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  page: number;
}

export interface PageText {
  page: number;
  /** The page's text, items joined with pdf.js's line ends, in NFC. */
  text: string;
  items: TextItem[];
  /** Non-whitespace characters on the page. */
  chars: number;
}

/** Text that is not in the content stream but is shown or printed: form-field values and annotation text. */
export interface SideText {
  source: 'form_field' | 'annotation';
  /** The field name or annotation subtype; never shown as content. */
  name: string;
  page: number | null;
  text: string;
}

export interface DocumentMetadata {
  title: string | null;
  author: string | null;
  subject: string | null;
  creator: string | null;
  producer: string | null;
  creationDate: string | null;
  modDate: string | null;
}

/** What the worker found inside a PDF it could open. */
export interface PdfContent {
  pages: number;
  pageTexts: PageText[];
  sideTexts: SideText[];
  metadata: DocumentMetadata;
  attachments: number;
  hasJavaScript: boolean;
  hasFormFields: boolean;
  hasXfa: boolean;
  /**
   * The document opened only with the password given: a user password. False for one that opens without a prompt
   * (no encryption, or an owner password only).
   */
  passwordRequired: boolean;
}

export interface Extraction {
  outcome: Outcome;
  /** Plain Danish for the caseworker. */
  message: string;
  sha256: string;
  byteLength: number;
  /** Set when outcome is too_large. */
  tooLargeReason: TooLargeReason | null;
  /** Page count pdf.js reports; 0 when the document could not be opened. */
  pages: number;
  /** 1-based pages with fewer than MIN_CHARS_PER_PAGE non-whitespace characters in their text layer. */
  pagesWithoutText: number[];
  /** Non-whitespace characters over all pages (form fields and annotations not included). */
  chars: number;
  /** null when the document could not be opened (not_pdf, passwords, invalid, caps). */
  content: PdfContent | null;
}

export interface ProgressEvent {
  pagesDone: number;
  pagesTotal: number;
}

/** Why a page preview could not be made: the document's outcomes that mean it could not be opened or read. */
export type RenderRefusal = Exclude<Outcome, 'ok' | 'no_text'>;

/** A page preview: a PNG of one page, or why there is none. */
export type PageRender =
  | {
      ok: true;
      /** PNG bytes (RGBA), white background. */
      png: Uint8Array;
      width: number;
      height: number;
      /** 1-based page that was rendered. */
      page: number;
      /** The document's page count. */
      pages: number;
      /** The asked-for texts in order, each with where it stands on the image (RenderOptions.highlight). */
      highlights: Highlight[];
    }
  | {
      ok: false;
      outcome: RenderRefusal;
      /** Plain Danish for the caseworker (the outcome's message). */
      message: string;
      /** Set when outcome is too_large. */
      tooLargeReason: TooLargeReason | null;
    };
