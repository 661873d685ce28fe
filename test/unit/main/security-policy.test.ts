import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  devServerUrlFor,
  isAllowedSender,
  webPreferences,
  type SenderContext,
} from '../../../src/main/security-policy';

const root = path.resolve(__dirname, '..', '..', '..');
const rendererFileUrl = pathToFileURL('/opt/Sendeassistent/resources/app.asar/out/renderer/index.html').href;
const packaged: SenderContext = {
  rendererFileUrl,
  devServerUrl: undefined,
  isPackaged: true,
  caseInsensitivePaths: false,
};
const dev: SenderContext = { ...packaged, isPackaged: false, devServerUrl: 'http://localhost:5173' };

describe('webPreferences', () => {
  it('locks the window down', () => {
    const prefs = webPreferences('/app/out/preload/index.js', { isPackaged: true });
    expect(prefs).toEqual({
      preload: '/app/out/preload/index.js',
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
      devTools: false,
    });
  });

  it('allows dev tools only in an unpackaged build', () => {
    expect(webPreferences('p', { isPackaged: false }).devTools).toBe(true);
    expect(webPreferences('p', { isPackaged: true }).devTools).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the agreed policy, word for word', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
  });

  it('has no unsafe source expression', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
  });

  it('is the same string as the meta tag in src/renderer/index.html', () => {
    const file = path.join(root, 'src', 'renderer', 'index.html');
    if (!existsSync(file)) {
      throw new Error(
        `src/renderer/index.html is missing: the window's CSP meta tag cannot be compared (${file})`,
      );
    }
    const html = readFileSync(file, 'utf8');
    const metas = [...html.matchAll(/<meta\b[^>]*>/gis)].map((m) => m[0]);
    const csp = metas.filter((m) => /http-equiv\s*=\s*["']Content-Security-Policy["']/i.test(m));
    expect(csp, 'exactly one CSP meta tag').toHaveLength(1);
    const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(csp[0]!)?.[1];
    expect(content).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('isAllowedSender', () => {
  it('accepts the renderer index page, with or without query and hash', () => {
    expect(isAllowedSender(rendererFileUrl, packaged)).toBe(true);
    expect(isAllowedSender(`${rendererFileUrl}#/sager/27.24.00-G01-117-25`, packaged)).toBe(true);
    expect(isAllowedSender(`${rendererFileUrl}?x=1#/`, packaged)).toBe(true);
  });

  it.each([
    [
      'another file in the renderer folder',
      'file:///opt/Sendeassistent/resources/app.asar/out/renderer/other.html',
    ],
    ['a dropped HTML file', 'file:///home/sagsbehandler/Downloads/index.html'],
    ['a path that only starts like ours', `${rendererFileUrl}.evil.html`],
    [
      'a path-traversal look-alike',
      'file:///opt/Sendeassistent/resources/app.asar/out/renderer/../renderer/index.html/x',
    ],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['a web page', 'https://example.com/'],
    ['the dev server in a packaged build', 'http://localhost:5173/'],
    ['garbage', 'not a url'],
    ['an empty string', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedSender(url, packaged)).toBe(false);
  });

  it('refuses a missing URL', () => {
    expect(isAllowedSender(null, packaged)).toBe(false);
    expect(isAllowedSender(undefined, packaged)).toBe(false);
  });

  it('accepts the dev server index only when not packaged', () => {
    expect(isAllowedSender('http://localhost:5173/', dev)).toBe(true);
    expect(isAllowedSender('http://localhost:5173/index.html#/', dev)).toBe(true);
    expect(isAllowedSender('http://localhost:5173/', { ...dev, isPackaged: true })).toBe(false);
    expect(isAllowedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedSender('http://localhost:5173/other.html', dev)).toBe(false);
    expect(isAllowedSender('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAllowedSender('http://localhost:5173/', { ...dev, devServerUrl: undefined })).toBe(false);
  });

  it('still accepts the file page in development', () => {
    expect(isAllowedSender(rendererFileUrl, dev)).toBe(true);
  });

  it('compares Windows paths without regard to case, and only there', () => {
    const win: SenderContext = {
      ...packaged,
      rendererFileUrl: 'file:///C:/Program%20Files/Sendeassistent/resources/app.asar/out/renderer/index.html',
      caseInsensitivePaths: true,
    };
    expect(
      isAllowedSender(
        'file:///c:/program%20files/sendeassistent/resources/app.asar/out/renderer/index.html',
        win,
      ),
    ).toBe(true);
    expect(
      isAllowedSender(
        'file:///C:/Program%20Files/Sendeassistent/resources/app.asar/out/renderer/evil.html',
        win,
      ),
    ).toBe(false);
    expect(isAllowedSender(rendererFileUrl.toUpperCase().replace('FILE:', 'file:'), packaged)).toBe(false);
  });

  it('refuses everything when its own renderer URL is not a file URL', () => {
    expect(
      isAllowedSender('file:///x/index.html', { ...packaged, rendererFileUrl: 'https://x/index.html' }),
    ).toBe(false);
  });
});

describe('devServerUrlFor', () => {
  it('uses a loopback http(s) dev server only in an unpackaged build', () => {
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'http://localhost:5173' })).toBe(
      'http://localhost:5173',
    );
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5173' })).toBe(
      'http://127.0.0.1:5173',
    );
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'http://[::1]:5173' })).toBe(
      'http://[::1]:5173',
    );
    expect(devServerUrlFor({ isPackaged: true, devServerUrl: 'http://localhost:5173' })).toBeUndefined();
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: undefined })).toBeUndefined();
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'https://evil.example' })).toBeUndefined();
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'file:///tmp/x.html' })).toBeUndefined();
    expect(devServerUrlFor({ isPackaged: false, devServerUrl: 'nonsense' })).toBeUndefined();
  });
});

describe('navigation, new windows and permissions', () => {
  it.each(['https://example.com/', 'file:///etc/passwd', rendererFileUrl, 'javascript:alert(1)', ''])(
    'denies navigating to %j',
    (url) => {
      expect(decideNavigation(url)).toEqual({ allow: false });
    },
  );

  it.each(['https://www.borger.dk/', 'file:///C:/x.pdf', 'about:blank', 'mailto:a@b.dk'])(
    'denies opening %j',
    (url) => {
      expect(decideWindowOpen(url)).toEqual({ action: 'deny' });
    },
  );

  it.each([
    'media',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'geolocation',
    'openExternal',
    'fullscreen',
    'unknown',
  ])('denies the %s permission', (permission) => {
    expect(decidePermission(permission)).toBe(false);
  });
});
