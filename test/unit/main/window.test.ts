import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, webPreferences } from '../../../src/main/security-policy';

// window.ts against a fake `electron`: what it registers on a webContents and a session, and how it builds the window.
const fake = vi.hoisted(() => {
  const created: { options: Record<string, unknown>; loaded: [string, string][] }[] = [];
  class BrowserWindow {
    readonly record: { options: Record<string, unknown>; loaded: [string, string][] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      created.push(this.record);
    }
    once() {}
    show() {}
    loadFile(file: string) {
      this.record.loaded.push(['file', file]);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(['url', url]);
      return Promise.resolve();
    }
  }
  return { BrowserWindow, created };
});
vi.mock('electron', () => ({ BrowserWindow: fake.BrowserWindow }));

const { createMainWindow, hardenSession, hardenWebContents } = await import('../../../src/main/window');

type Fn = (...args: never[]) => unknown;
function fakeContents() {
  const on = new Map<string, Fn>();
  let openHandler: Fn | undefined;
  return {
    on: vi.fn((name: string, fn: Fn) => void on.set(name, fn)),
    setWindowOpenHandler: vi.fn((fn: Fn) => void (openHandler = fn)),
    listeners: on,
    openHandler: () => openHandler!,
  };
}

beforeEach(() => {
  fake.created.length = 0;
});

describe('hardenWebContents', () => {
  it('denies every new window', () => {
    const c = fakeContents();
    hardenWebContents(c as never);
    const handler = c.openHandler() as (d: { url: string }) => unknown;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-attach-webview'])('prevents %s', (name) => {
    const c = fakeContents();
    hardenWebContents(c as never);
    const event = { url: 'https://example.com/', preventDefault: vi.fn() };
    (c.listeners.get(name) as (e: typeof event) => void)(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const s = {
      request: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
      check: undefined as undefined | ((wc: unknown, p: string) => boolean),
      device: undefined as undefined | (() => boolean),
      headers: undefined as
        | undefined
        | ((
            d: { responseHeaders?: Record<string, string[]> },
            cb: (r: { responseHeaders: Record<string, string[]> }) => void,
          ) => void),
    };
    return {
      s,
      session: {
        setPermissionRequestHandler: (fn: typeof s.request) => void (s.request = fn),
        setPermissionCheckHandler: (fn: typeof s.check) => void (s.check = fn),
        setDevicePermissionHandler: (fn: typeof s.device) => void (s.device = fn),
        webRequest: { onHeadersReceived: (fn: typeof s.headers) => void (s.headers = fn) },
      },
    };
  }

  it('refuses permission requests and checks, and device access', () => {
    const { s, session } = fakeSession();
    hardenSession(session as never);
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      const cb = vi.fn();
      s.request!({}, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(s.check!({}, p)).toBe(false);
    }
    expect(s.device!()).toBe(false);
  });

  it('adds the CSP header to responses, keeping the others', () => {
    const { s, session } = fakeSession();
    hardenSession(session as never);
    const cb = vi.fn();
    s.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, cb);
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
});

describe('createMainWindow', () => {
  it('uses the locked-down webPreferences, hidden until ready, and loads the renderer file', () => {
    createMainWindow({
      preloadPath: '/app/out/preload/index.js',
      rendererFile: '/app/out/renderer/index.html',
      devServerUrl: undefined,
      isPackaged: true,
    });
    const [w] = fake.created;
    expect(w!.options.webPreferences).toEqual(
      webPreferences('/app/out/preload/index.js', { isPackaged: true }),
    );
    expect(w!.options.show).toBe(false);
    expect(w!.loaded).toEqual([['file', '/app/out/renderer/index.html']]);
  });

  it('loads the dev server when one was allowed', () => {
    createMainWindow({
      preloadPath: 'p',
      rendererFile: 'r',
      devServerUrl: 'http://localhost:5173',
      isPackaged: false,
    });
    expect(fake.created[0]!.loaded).toEqual([['url', 'http://localhost:5173']]);
  });
});
