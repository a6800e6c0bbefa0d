import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The Electron entry (src/main/app/index.ts) booted against a recording mock of the electron module (the
 * binary cannot run here): scheme registration, the app:// window, IPC, and the first launch of a fresh
 * workspace through core, exactly as the desktop app does it.
 */
const recorded = vi.hoisted(() => ({
  userData: '',
  appHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  ipc: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  privileged: [] as { scheme: string }[],
  protocolHandlers: new Set<string>(),
  loadedUrls: [] as string[],
  quit: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { setWindowOpenHandler: vi.fn(), on: vi.fn(), send: vi.fn() };
    maximize = vi.fn();
    on = vi.fn();
    once = vi.fn();
    loadURL = vi.fn(async (url: string) => void recorded.loadedUrls.push(url));
    getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
    isMaximized = () => false;
    isDestroyed = () => false;
  }
  return {
    app: {
      setName: vi.fn(),
      getVersion: () => '0.0.0-test',
      requestSingleInstanceLock: () => true,
      getPath: () => recorded.userData,
      on: (event: string, h: (...args: unknown[]) => unknown) => recorded.appHandlers.set(event, h),
      whenReady: () => Promise.resolve(),
      quit: () => void recorded.quit++,
      exit: vi.fn(),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
    ipcMain: {
      handle: (channel: string, h: (event: unknown, input: unknown) => Promise<unknown>) => recorded.ipc.set(channel, h),
      removeHandler: (channel: string) => recorded.ipc.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => recorded.privileged.push(...schemes),
      handle: (scheme: string) => recorded.protocolHandlers.add(scheme),
    },
  };
});

describe('Electron entry', () => {
  recorded.userData = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-userdata-'));
  afterAll(() => rmSync(recorded.userData, { recursive: true, force: true }));

  it('serves the window from app://, wires IPC, and opens a fresh workspace on the started demo baseline run', async () => {
    await import('../src/main/app/index');
    await vi.waitFor(() => expect(recorded.loadedUrls).toEqual(['app://workbench/index.html']));
    expect(recorded.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect([...recorded.protocolHandlers]).toEqual(['app']);
    const sender = { senderFrame: { url: 'app://workbench/index.html#/runs' } };
    const call = (channel: string, input: unknown) => recorded.ipc.get(channel)!(sender, input) as Promise<{ ok: boolean; result: never }>;
    const workspace = path.join(recorded.userData, 'workspace');
    await vi.waitFor(() => expect(existsSync(path.join(workspace, 'first-launch.json'))).toBe(true));
    const { result: runs } = (await call('runs:list', {})) as { result: { rows: { id: number; name: string; status: string }[] } };
    expect(runs.rows.map((r) => r.name)).toEqual(['demo-baseline']);
    expect(['queued', 'running', 'succeeded']).toContain(runs.rows[0].status);
    expect(((await call('settings:get', {})) as { result: { baselineRunId: number } }).result.baselineRunId).toBe(runs.rows[0].id);
    expect(JSON.parse(readFileSync(path.join(workspace, 'first-launch.json'), 'utf8'))).toMatchObject({ demoRunId: runs.rows[0].id });
    // Quitting cancels the demo run and closes the workspace before the app really quits.
    const preventDefault = vi.fn();
    recorded.appHandlers.get('before-quit')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(recorded.quit).toBe(1), { timeout: 30_000 });
  });
});
