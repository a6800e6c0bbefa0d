import { vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;
type ProtocolHandler = (request: { url: string }) => Promise<Response>;

/**
 * A recording stand-in for the electron module (the binary cannot run here). A spec mocks electron
 * with `fakeElectron` and reads `recorded`: what the app registered, which windows it opened with
 * which options, which URLs it loaded.
 */
export const recorded = {
  userData: '',
  appHandlers: new Map<string, Handler>(),
  /** ipcMain.handle registrations by channel. */
  handlers: new Map<string, Handler>(),
  windowOptions: [] as Record<string, unknown>[],
  webContentsHandlers: new Map<string, Handler>(),
  windowOpenHandler: null as null | ((d: { url: string }) => { action: string }),
  headerHandler: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  permissionHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheckHandler: null as null | ((wc: unknown, p: string) => boolean),
  /** The last template given to Menu.setApplicationMenu. */
  menu: null as unknown,
  loadedUrls: [] as string[],
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  protocolHandlers: new Map<string, ProtocolHandler>(),
  quit: 0,
};

class BrowserWindow {
  webContents = {
    setWindowOpenHandler: (h: typeof recorded.windowOpenHandler) => (recorded.windowOpenHandler = h),
    on: (event: string, h: Handler) => recorded.webContentsHandlers.set(event, h),
    send: vi.fn(),
  };
  constructor(options: Record<string, unknown>) {
    recorded.windowOptions.push(options);
  }
  maximize = vi.fn();
  on = vi.fn();
  once = vi.fn();
  loadURL = vi.fn(async (url: string) => void recorded.loadedUrls.push(url));
  getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
  isMaximized = () => false;
  isDestroyed = () => false;
}

export const fakeElectron = {
  app: {
    setName: vi.fn(),
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => true,
    getPath: () => recorded.userData,
    on: (event: string, h: Handler) => recorded.appHandlers.set(event, h),
    whenReady: () => Promise.resolve(),
    quit: () => void recorded.quit++,
    exit: vi.fn(),
    /** Flip in a spec to stand in for a packaged build. */
    isPackaged: false,
  },
  BrowserWindow,
  dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (recorded.menu = m) },
  screen: { getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (h: typeof recorded.headerHandler) => (recorded.headerHandler = h) },
      setPermissionRequestHandler: (h: typeof recorded.permissionHandler) => (recorded.permissionHandler = h),
      setPermissionCheckHandler: (h: typeof recorded.permissionCheckHandler) => (recorded.permissionCheckHandler = h),
    },
  },
  shell: { openExternal: vi.fn() },
  ipcMain: {
    handle: (channel: string, h: Handler) => recorded.handlers.set(channel, h),
    removeHandler: (channel: string) => recorded.handlers.delete(channel),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: typeof recorded.privilegedSchemes) =>
      recorded.privilegedSchemes.push(...schemes),
    handle: (scheme: string, h: ProtocolHandler) => recorded.protocolHandlers.set(scheme, h),
  },
};
