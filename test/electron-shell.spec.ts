import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The Electron binary cannot run here: the shell is tested against a recording mock of the electron module. */
const recorded = vi.hoisted(() => ({
  windowOptions: [] as Record<string, unknown>[],
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  webContentsHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  windowOpenHandler: null as null | ((d: { url: string }) => { action: string }),
  headerHandler: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  permissionHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (h: typeof recorded.windowOpenHandler) => (recorded.windowOpenHandler = h),
      on: (event: string, h: (...args: unknown[]) => unknown) => recorded.webContentsHandlers.set(event, h),
      send: vi.fn(),
    };
    constructor(options: Record<string, unknown>) {
      recorded.windowOptions.push(options);
    }
    maximize = vi.fn();
    on = vi.fn();
    once = vi.fn();
    loadFile = vi.fn(async () => undefined);
    getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
    isMaximized = () => false;
    isDestroyed = () => false;
  }
  return {
    BrowserWindow,
    screen: { getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (h: typeof recorded.headerHandler) => (recorded.headerHandler = h) },
        setPermissionRequestHandler: (h: typeof recorded.permissionHandler) => (recorded.permissionHandler = h),
      },
    },
    shell: { openExternal: vi.fn() },
    ipcMain: {
      handle: (channel: string, h: (...args: unknown[]) => unknown) => recorded.handlers.set(channel, h),
      removeHandler: (channel: string) => recorded.handlers.delete(channel),
    },
  };
});

const { createMainWindow, CSP } = await import('../src/main/app/main-window');
const { registerIpc } = await import('../src/main/app/ipc-bridge');
const { createWorkbenchCore } = await import('../src/main/core/api/workbench-service');
const { invokeChannels } = await import('../src/shared/contract');
const { tempWorkspace } = await import('./support/temp-workspace');

describe('Electron shell', () => {
  beforeEach(() => {
    recorded.windowOptions.length = 0;
    recorded.handlers.clear();
  });

  it('creates an isolated, sandboxed window without Node, with a strict CSP and no navigation or popups', () => {
    const { isTrusted } = createMainWindow('/app/out', { bounds: { width: 1300, height: 900 } }, () => undefined);
    const prefs = recorded.windowOptions[0].webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/app/out/preload/index.cjs' });
    expect(recorded.windowOptions[0]).toMatchObject({ width: 1300, height: 900 });
    expect(recorded.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    recorded.webContentsHandlers.get('will-navigate')?.({ preventDefault }, 'https://evil.example/');
    expect(preventDefault).toHaveBeenCalled();
    let headers: unknown;
    recorded.headerHandler?.({ responseHeaders: {} }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [CSP] } });
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval/);
    let granted: boolean | undefined;
    recorded.permissionHandler?.(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(isTrusted('file:///app/out/renderer/index.html#/runs')).toBe(true);
    expect(isTrusted('https://evil.example/')).toBe(false);
  });

  it('registers exactly one validated IPC handler per contract channel and rejects untrusted senders', async () => {
    const ws = tempWorkspace();
    const core = createWorkbenchCore(ws, 'electron');
    const unregister = registerIpc(core, () => null, (url) => url === 'file:///ok/index.html');
    try {
      expect([...recorded.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
      const trusted = { senderFrame: { url: 'file:///ok/index.html' } };
      expect(await recorded.handlers.get('runs:list')!(trusted, {})).toEqual({ ok: true, result: { rows: [], total: 0 } });
      expect(await recorded.handlers.get('runs:list')!(trusted, { limit: 'all' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await recorded.handlers.get('runs:list')!({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { message: 'Untrusted sender' } });
    } finally {
      unregister();
      expect(recorded.handlers.size).toBe(0);
      await core.close();
      ws.cleanup();
    }
  });
});
