import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { recorded } from './fakes/fake-electron';

/**
 * The Electron entry (src/main/app/index.ts) booted against a recording mock of the electron module (the
 * binary cannot run here): scheme registration, the app:// window, IPC, and the first launch of a fresh
 * workspace through core, exactly as the desktop app does it.
 */
vi.mock('electron', async () => (await import('./fakes/fake-electron')).fakeElectron);

describe('Electron entry', () => {
  recorded.userData = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-userdata-'));
  afterAll(() => rmSync(recorded.userData, { recursive: true, force: true }));

  it('serves the window from app://, wires IPC, and opens a fresh workspace on the started demo baseline run', async () => {
    await import('../src/main/app/index');
    await vi.waitFor(() => expect(recorded.loadedUrls).toEqual(['app://workbench/index.html']));
    expect(recorded.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect([...recorded.protocolHandlers.keys()]).toEqual(['app']);
    const sender = { senderFrame: { url: 'app://workbench/index.html#/runs' } };
    const call = (channel: string, input: unknown) =>
      recorded.handlers.get(channel)!(sender, input) as Promise<{ ok: boolean; result: never }>;
    const workspace = path.join(recorded.userData, 'workspace');
    await vi.waitFor(() => expect(existsSync(path.join(workspace, 'first-launch.json'))).toBe(true));
    const { result: runs } = (await call('runs:list', {})) as {
      result: { rows: { id: number; name: string; status: string }[] };
    };
    expect(runs.rows.map((r) => r.name)).toEqual(['demo-baseline']);
    expect(['queued', 'running', 'succeeded']).toContain(runs.rows[0].status);
    expect(((await call('settings:get', {})) as { result: { baselineRunId: number } }).result.baselineRunId).toBe(
      runs.rows[0].id,
    );
    expect(JSON.parse(readFileSync(path.join(workspace, 'first-launch.json'), 'utf8'))).toMatchObject({
      demoRunId: runs.rows[0].id,
    });
    // app:pickFolder is the OS folder picker (folders only), for pages that ask for a folder.
    const { dialog } = (await import('electron')) as unknown as {
      dialog: { showOpenDialog: ReturnType<typeof vi.fn> };
    };
    dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/rknn-toolkit2/rknpu2/runtime'],
    });
    expect(await call('app:pickFolder', { title: 'rknpu2/runtime folder' })).toEqual({
      ok: true,
      result: { path: '/home/me/rknn-toolkit2/rknpu2/runtime' },
    });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ title: 'rknpu2/runtime folder', properties: ['openDirectory'] }),
    );
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call('app:pickFolder', { title: 'x' })).toEqual({ ok: true, result: { path: null } });
    // Quitting cancels the demo run and closes the workspace before the app really quits.
    const preventDefault = vi.fn();
    recorded.appHandlers.get('before-quit')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(recorded.quit).toBe(1), { timeout: 30_000 });
  });
});
