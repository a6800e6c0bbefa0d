import { app, dialog, Menu, type BrowserWindow } from 'electron';

/** Application menu; "Open Workspace…" lets the user move off the default workspace in the user-data folder. */
export function installMenu(window: () => BrowserWindow | null, openWorkspace: (dir: string) => void): void {
  const template: Electron.MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Workspace…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const win = window();
            const picked = win
              ? await dialog.showOpenDialog(win, {
                  title: 'Open workspace folder',
                  properties: ['openDirectory', 'createDirectory'],
                })
              : await dialog.showOpenDialog({
                  title: 'Open workspace folder',
                  properties: ['openDirectory', 'createDirectory'],
                });
            if (!picked.canceled && picked.filePaths[0]) openWorkspace(picked.filePaths[0]);
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    // A packaged build has no DevTools or reload entries (the page is the app, not a site to debug).
    app.isPackaged
      ? {
          label: 'View',
          submenu: [
            { role: 'resetZoom' },
            { role: 'zoomIn' },
            { role: 'zoomOut' },
            { type: 'separator' },
            { role: 'togglefullscreen' },
          ],
        }
      : { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `NPU Workbench ${app.getVersion()}`, enabled: false }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
