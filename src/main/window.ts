import { BrowserWindow, type Session, type WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  webPreferences,
} from './security-policy';

/** Applied to every webContents the app ever creates (via `web-contents-created`), not just the main window. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => decideWindowOpen(url));
  contents.on('will-navigate', (event) => {
    if (!decideNavigation(event.url).allow) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!decideNavigation(event.url).allow) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permissions are refused for every request and check; the CSP also goes out as a header where there are headers. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(decidePermission(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly rendererFile: string;
  /** From `devServerUrlFor` (already checked: unpackaged, loopback only). */
  readonly devServerUrl: string | undefined;
  readonly isPackaged: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sendeassistent',
    autoHideMenuBar: true,
    webPreferences: webPreferences(options.preloadPath, { isPackaged: options.isPackaged }),
  });
  win.once('ready-to-show', () => win.show());
  if (options.devServerUrl) void win.loadURL(options.devServerUrl);
  else void win.loadFile(options.rendererFile);
  return win;
}
