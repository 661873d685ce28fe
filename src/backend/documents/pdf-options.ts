import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { NapiCanvasFactory, NoFilterFactory } from './pdf-canvas';
import type { EffectiveOptions } from './worker-protocol';

/**
 * The installed pdfjs-dist folder, found through Node's resolution so it is the same from src/ under tsx and
 * from out/main in the built app (where pdfjs-dist stays an external dependency).
 */
export function pdfjsRoot(): string {
  const req = typeof require === 'function' ? require : createRequire(__filename);
  return dirname(req.resolve('pdfjs-dist/package.json'));
}

/**
 * Reads CMaps, standard fonts and wasm from the local pdfjs-dist folder. Passed explicitly because inside an
 * Electron utilityProcess pdf.js does not detect Node and would default to `fetch`. Only plain file names under
 * the configured folders are served: a PDF names the CMap, so a name with a path in it is refused.
 */
export class LocalBinaryDataFactory {
  private readonly roots: Record<string, string | null>;

  constructor(urls: {
    cMapUrl?: string | null;
    standardFontDataUrl?: string | null;
    wasmUrl?: string | null;
  }) {
    this.roots = {
      cMapUrl: urls.cMapUrl ?? null,
      standardFontDataUrl: urls.standardFontDataUrl ?? null,
      wasmUrl: urls.wasmUrl ?? null,
    };
  }

  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const root = this.roots[kind];
    if (!root || basename(filename) !== filename || filename.startsWith('.')) {
      throw new Error(`Refused ${kind} data: ${filename}`);
    }
    return new Uint8Array(await readFile(join(root, filename)));
  }
}

/** Every pdf.js option we rely on, spelled out: the defaults differ between plain Node and a utilityProcess. */
export function pdfjsOptions(root: string) {
  return {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    cMapUrl: join(root, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(root, 'standard_fonts') + '/',
    wasmUrl: join(root, 'wasm') + '/',
    iccUrl: join(root, 'iccs') + '/',
    useWorkerFetch: false,
    useWasm: true,
    stopAtErrors: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableHWA: false,
    fontExtraProperties: false,
    pdfBug: false,
    verbosity: 0,
    BinaryDataFactory: LocalBinaryDataFactory,
    // Page previews (pdf-render.ts): pdf.js would pick a DOM canvas and SVG filters in a utilityProcess.
    CanvasFactory: NapiCanvasFactory,
    FilterFactory: NoFilterFactory,
    enableWebGPU: false,
  } as const;
}

/**
 * The options for `page.getTextContent`, spelled out like the rest: pdf-extract.ts reads the text with
 * `{ includeMarkedContent: false, disableNormalization: false }`, and the preview (pdf-render.ts) locates evidence
 * in the same text, so both must read it alike.
 */
export const TEXT_CONTENT_OPTIONS = { includeMarkedContent: false, disableNormalization: false } as const;

/** The options as the worker passed them, for the test that asserts them inside the worker. */
export function describeOptions(options: ReturnType<typeof pdfjsOptions>): EffectiveOptions {
  const out: EffectiveOptions = {};
  for (const [key, value] of Object.entries(options)) {
    out[key] = typeof value === 'function' ? `class ${value.name}` : value;
  }
  return out;
}
