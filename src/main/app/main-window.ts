import path from 'node:path';
import { app, BrowserWindow, screen, session, shell } from 'electron';
import { RENDERER_CSP } from '../renderer-csp';
import { APP_INDEX_URL } from './app-url';
import { isAllowedExternalUrl } from './external-links';
import type { AppState } from './app-state';

/**
 * The one window (the renderer from app://, see app-protocol.ts): isolated, sandboxed, no Node in the page, strict CSP,
 * no navigation or popups, every permission refused (requests and checks), only allow-listed https links handed to
 * the OS browser, and no DevTools in a packaged build.
 */
export function createMainWindow(
  outDir: string,
  state: AppState,
  onBoundsChange: (s: AppState) => void,
): { window: BrowserWindow; isTrusted: (url: string) => boolean } {
  const rendererUrl = APP_INDEX_URL;
  const visible =
    state.bounds &&
    screen
      .getAllDisplays()
      .some(
        (d) =>
          state.bounds?.x === undefined ||
          (state.bounds.x >= d.bounds.x - 50 && state.bounds.x < d.bounds.x + d.bounds.width),
      );
  const window = new BrowserWindow({
    width: state.bounds?.width ?? 1440,
    height: state.bounds?.height ?? 900,
    ...(visible ? { x: state.bounds?.x, y: state.bounds?.y } : {}),
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'NPU Workbench',
    webPreferences: {
      preload: path.join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  if (state.maximized) window.maximize();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  const remember = (): void => onBoundsChange({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  window.on('resize', remember);
  window.on('move', remember);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
  const isTrusted = (url: string): boolean => url.split('#')[0].split('?')[0] === rendererUrl;
  return { window, isTrusted };
}
