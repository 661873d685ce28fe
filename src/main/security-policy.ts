/**
 * Every security decision of the Electron shell, as plain data and pure functions, so CI (which has no Electron
 * binary) executes them. `window.ts` and `ipc-bridge.ts` only wire these into Electron. No `electron` import here.
 */

/**
 * The Content-Security-Policy of the window. The same string is in `src/renderer/index.html`'s meta tag (a unit
 * test keeps the two equal); main also sends it as a response header where headers exist (the dev server).
 * `frame-ancestors` only works as a header, which is one reason to send it there too.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** The subset of Electron's WebPreferences we set; structurally assignable to it. */
export interface LockedWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly webviewTag: false;
  readonly allowRunningInsecureContent: false;
  readonly spellcheck: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
}

/**
 * The window's webPreferences. `spellcheck` is off because Chromium's spellchecker downloads dictionaries and would
 * send typed words (case notes, names) to the dictionary service. `navigateOnDragDrop` is spelled out because the
 * app's main gesture is dropping a PDF: a drop that misses the drop zone must never turn the window into a PDF
 * viewer on a file:// URL. Dev tools exist only in unpackaged development builds.
 */
export function webPreferences(preload: string, opts: { isPackaged: boolean }): LockedWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !opts.isPackaged,
  };
}

export interface SenderContext {
  /** The file:// URL of `out/renderer/index.html` as main loads it (e.g. `pathToFileURL(path).href`). */
  readonly rendererFileUrl: string;
  /** `ELECTRON_RENDERER_URL` (electron-vite's dev server); honoured only when not packaged. */
  readonly devServerUrl: string | undefined;
  readonly isPackaged: boolean;
  /** Windows paths are case-insensitive, and Chromium and Node may disagree on the drive letter's case. */
  readonly caseInsensitivePaths: boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function withoutQueryAndHash(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL main may load, or undefined: never in a packaged build, and only http(s) on this machine, so a
 * stray environment variable cannot point the privileged window (it has `window.api`) at a remote site.
 */
export function devServerUrlFor(ctx: Pick<SenderContext, 'devServerUrl' | 'isPackaged'>): string | undefined {
  if (ctx.isPackaged || !ctx.devServerUrl) return undefined;
  const u = parse(ctx.devServerUrl);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || !LOOPBACK_HOSTS.has(u.hostname)) {
    return undefined;
  }
  return ctx.devServerUrl;
}

/**
 * Whether an IPC message comes from our own window: the exact renderer index page (query and hash ignored), or the
 * electron-vite dev server's index page in an unpackaged build. Everything else is refused: other file:// pages
 * (a dropped HTML file), devtools://, about:blank, data:, and a frame without a URL.
 */
export function isAllowedSender(url: string | null | undefined, ctx: SenderContext): boolean {
  if (typeof url !== 'string' || url === '') return false;
  const u = parse(url);
  if (!u) return false;

  if (u.protocol === 'file:') {
    const own = parse(ctx.rendererFileUrl);
    if (!own || own.protocol !== 'file:') return false;
    const a = withoutQueryAndHash(u);
    const b = withoutQueryAndHash(own);
    return ctx.caseInsensitivePaths ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  const dev = devServerUrlFor(ctx);
  if (dev === undefined) return false;
  const devUrl = parse(dev)!;
  return u.origin === devUrl.origin && (u.pathname === '/' || u.pathname === '/index.html');
}

/** The app is one page: any navigation away from it (links, drops, window.location) is refused. */
export function decideNavigation(_url: string): { readonly allow: false } {
  return { allow: false };
}

/**
 * New windows are refused, and nothing is handed to the OS browser either: the app has no reason to open web pages,
 * and `shell.openExternal` on a renderer-chosen URL is a classic Electron escape.
 */
export function decideWindowOpen(_url: string): { readonly action: 'deny' } {
  return { action: 'deny' };
}

/** No web permission (camera, notifications, clipboard read, geolocation, …) is ever granted. */
export function decidePermission(_permission: string): false {
  return false;
}
