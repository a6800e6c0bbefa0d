import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, dialog } from 'electron';
import { demoWanted, firstLaunch } from '../core/api/first-launch';
import { createWorkbenchCore, type WorkbenchCore } from '../core/api/workbench-service';
import { resolveWorkspaceDir } from '../core/workspace/workspace-location';
import { openWorkspace } from '../core/workspace/workspace';
import { installMenu } from './app-menu';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { loadAppState, saveAppState } from './app-state';
import { registerIpc } from './ipc-bridge';
import { createMainWindow } from './main-window';

/** Electron entry: the only module tree that imports 'electron'. Everything else is core. */
const outDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
app.setName('npu-workbench');
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let core: WorkbenchCore | null = null;
  let unregister: (() => void) | null = null;
  const userData = app.getPath('userData');
  let state = loadAppState(userData);

  /** The OS folder picker behind `app:pickFolder` (e.g. the Board page's rknn-toolkit2 runtime folder). */
  const pickFolder = async (request: { title: string; defaultPath?: string }): Promise<string | null> => {
    const options = { ...request, properties: ['openDirectory' as const] };
    const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };

  const bootCore = (workspaceDir: string): WorkbenchCore => {
    const next = createWorkbenchCore(openWorkspace(workspaceDir), 'electron', { pickFolder });
    state = { ...state, workspace: workspaceDir };
    saveAppState(userData, state);
    // A fresh workspace opens on the demo baseline run; the window shows it running, then finished.
    firstLaunch(next, { demo: demoWanted(true) }).catch((e: unknown) => console.error('First-launch demo skipped:', e));
    return next;
  };

  const switchWorkspace = async (dir: string): Promise<void> => {
    try {
      const next = bootCore(dir);
      unregister?.();
      await core?.close();
      core = next;
      unregister = registerIpc(
        core,
        () => mainWindow,
        (url) => trusted(url),
      );
      mainWindow?.reload();
    } catch (error) {
      dialog.showErrorBox('Cannot open workspace', (error as Error).message);
    }
  };

  let trusted: (url: string) => boolean = () => false;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    handleAppScheme(path.join(outDir, 'renderer'));
    try {
      core = bootCore(
        state.workspace ??
          (process.env.NPU_WORKBENCH_WORKSPACE ? resolveWorkspaceDir() : path.join(userData, 'workspace')),
      );
    } catch (error) {
      dialog.showErrorBox('Cannot open workspace', (error as Error).message);
      app.exit(1);
      return;
    }
    let saveTimer: NodeJS.Timeout | undefined;
    const created = createMainWindow(outDir, state, (bounds) => {
      state = { ...state, ...bounds };
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => saveAppState(userData, state), 500);
    });
    mainWindow = created.window;
    trusted = created.isTrusted;
    unregister = registerIpc(core, () => mainWindow, trusted);
    installMenu(
      () => mainWindow,
      (dir) => void switchWorkspace(dir),
    );
    mainWindow.on('closed', () => (mainWindow = null));
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.quit());
  });
}
