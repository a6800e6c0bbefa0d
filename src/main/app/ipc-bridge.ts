import { type BrowserWindow, ipcMain } from 'electron';
import { eventNames, invokeChannels } from '../../shared/contract';
import type { WorkbenchCore } from '../core/api/workbench-service';
import { toErrorBody } from '../core/errors/user-error';

/**
 * Registers one ipcMain handler per contract channel (validated by core's dispatcher) and forwards events to the
 * window.
 */
export function registerIpc(
  core: WorkbenchCore,
  window: () => BrowserWindow | null,
  trustedUrl: (url: string) => boolean,
): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!trustedUrl(event.senderFrame?.url ?? ''))
        return { ok: false, error: { code: 'failed', message: 'Untrusted sender' } };
      try {
        return { ok: true, result: await core.dispatch(channel, input) };
      } catch (error) {
        return { ok: false, error: toErrorBody(error) };
      }
    });
  }
  const off = core.bus.onAny((event, payload) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  }, eventNames);
  return () => {
    off();
    invokeChannels.forEach((c) => ipcMain.removeHandler(c));
  };
}
