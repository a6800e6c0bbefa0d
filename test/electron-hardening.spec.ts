import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { fakeElectron, recorded } from './fakes/fake-electron';
import { repoRoot } from './support/run-cli';

/** The Electron binary cannot run here: the shell is tested against the recording fake of the electron module. */
vi.mock('electron', async () => (await import('./fakes/fake-electron')).fakeElectron);

const { createMainWindow } = await import('../src/main/app/main-window');
const { installMenu } = await import('../src/main/app/app-menu');

type MenuItem = { role?: string; label?: string; submenu?: MenuItem[] };
const roles = (items: MenuItem[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role.toLowerCase()] : []), ...roles(i.submenu ?? [])]);

afterEach(() => {
  fakeElectron.app.isPackaged = false;
  fakeElectron.shell.openExternal.mockClear();
});

describe('Electron hardening', () => {
  it('hands only allow-listed https links to shell.openExternal, and never opens a window', () => {
    createMainWindow('/app/out', {}, () => undefined);
    const open = (url: string) => recorded.windowOpenHandler?.({ url });
    for (const url of [
      'https://github.com/airockchip/rknn-toolkit2',
      'https://docs.ultralytics.com/modes/val/',
      'https://evil.example/phish',
      'https://github.com.evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'http://github.com/',
      'file:///etc/passwd',
      'smb://host/share',
      'not a url',
    ])
      expect(open(url)).toEqual({ action: 'deny' });
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([
      ['https://github.com/airockchip/rknn-toolkit2'],
      ['https://docs.ultralytics.com/modes/val/'],
    ]);
  });

  it('refuses every permission check, not only requests', () => {
    createMainWindow('/app/out', {}, () => undefined);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'notifications', 'hid', 'serial'])
      expect(recorded.permissionCheckHandler?.(null, permission)).toBe(false);
  });

  it('has no DevTools (menu or webPreferences) in a packaged build, and keeps them in development', () => {
    fakeElectron.app.isPackaged = true;
    createMainWindow('/app/out', {}, () => undefined);
    installMenu(
      () => null,
      () => undefined,
    );
    expect(recorded.windowOptions.at(-1)?.webPreferences).toMatchObject({ devTools: false });
    const packaged = roles(recorded.menu as MenuItem[]);
    expect(packaged).not.toContain('toggledevtools');
    expect(packaged).not.toContain('viewmenu');
    expect(packaged).not.toContain('forcereload');
    fakeElectron.app.isPackaged = false;
    createMainWindow('/app/out', {}, () => undefined);
    installMenu(
      () => null,
      () => undefined,
    );
    expect(recorded.windowOptions.at(-1)?.webPreferences).toMatchObject({ devTools: true });
    expect(roles(recorded.menu as MenuItem[])).toContain('viewmenu');
  });

  it('flips the Electron fuses in the packaged app (no RunAsNode, cookie encryption, ASAR integrity)', () => {
    const config = parse(readFileSync(path.join(repoRoot, 'build', 'electron-builder.yml'), 'utf8')) as {
      electronFuses?: Record<string, boolean>;
      asar?: boolean;
    };
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
