import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

type CanvasModule = typeof NapiCanvas;
let loaded: CanvasModule | null = null;

/**
 * `@napi-rs/canvas`, loaded the way pdf.js loads it: resolved from the pdfjs-dist folder (it is pdf.js's optional
 * dependency, not ours) and only when a page is rendered, so text extraction never loads the native module.
 * Required at run time through createRequire, so the bundler leaves the native package alone.
 */
export function napiCanvas(): CanvasModule {
  if (!loaded) {
    const req = typeof require === 'function' ? require : createRequire(__filename);
    const fromPdfjs = createRequire(req.resolve('pdfjs-dist/package.json'));
    loaded = fromPdfjs('@napi-rs/canvas') as CanvasModule;
  }
  return loaded;
}

/**
 * pdf.js's drawing code uses these browser globals. Under plain Node pdf.js installs them from @napi-rs/canvas
 * itself; inside an Electron utilityProcess it does not see Node and would not, so they are installed here.
 */
export function installCanvasGlobals(): void {
  const canvas = napiCanvas();
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= canvas.DOMMatrix;
  g.Path2D ??= canvas.Path2D;
  g.ImageData ??= canvas.ImageData;
}

interface CanvasAndContext {
  canvas: NapiCanvas.Canvas | null;
  context: NapiCanvas.SKRSContext2D | null;
}

/**
 * pdf.js's `CanvasFactory` option: the scratch canvases it needs while drawing (masks, patterns, groups). Passed
 * explicitly because pdf.js chooses NodeCanvasFactory only when it detects Node, and a DOM one (which needs
 * `document`) in a utilityProcess. Same behaviour as pdf.js's NodeCanvasFactory.
 */
export class NapiCanvasFactory {
  // pdf.js constructs it with { ownerDocument, enableHWA }; neither applies to a CPU canvas.
  constructor(_options?: unknown) {}

  create(width: number, height: number): CanvasAndContext {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = napiCanvas().createCanvas(width, height);
    return { canvas, context: canvas.getContext('2d') };
  }

  reset(entry: CanvasAndContext, width: number, height: number): void {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    entry.canvas.width = width;
    entry.canvas.height = height;
  }

  destroy(entry: CanvasAndContext): void {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    entry.canvas.width = 0;
    entry.canvas.height = 0;
    entry.canvas = null;
    entry.context = null;
  }
}

/**
 * pdf.js's `FilterFactory` option: no SVG filters (transfer functions, high-contrast colours), as pdf.js's own
 * NodeFilterFactory. The DOM one it would pick in a utilityProcess builds SVG elements in `document`.
 */
export class NoFilterFactory {
  constructor(_options?: unknown) {}
  addFilter(): string {
    return 'none';
  }
  addHCMFilter(): string {
    return 'none';
  }
  addAlphaFilter(): string {
    return 'none';
  }
  addLuminosityFilter(): string {
    return 'none';
  }
  addHighlightHCMFilter(): string {
    return 'none';
  }
  destroy(): void {}
}
