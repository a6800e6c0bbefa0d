import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recorded } from './fakes/fake-electron';

/** The Electron binary cannot run here: the shell is tested against a recording mock of the electron module. */
vi.mock('electron', async () => (await import('./fakes/fake-electron')).fakeElectron);

const { createMainWindow } = await import('../src/main/app/main-window');
const { handleAppScheme, registerAppScheme } = await import('../src/main/app/app-protocol');
const { APP_INDEX_URL, resolveAppRequest } = await import('../src/main/app/app-url');
const { RENDERER_CSP: CSP } = await import('../src/main/renderer-csp');
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
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/app/out/preload/index.cjs',
    });
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
    expect(recorded.loadedUrls).toEqual(['app://workbench/index.html']);
    expect(isTrusted('app://workbench/index.html#/runs')).toBe(true);
    expect(isTrusted('file:///app/out/renderer/index.html#/runs')).toBe(false);
    expect(isTrusted('https://evil.example/')).toBe(false);
    expect(CSP).toContain("worker-src 'self';");
  });

  it('registers exactly one validated IPC handler per contract channel and rejects untrusted senders', async () => {
    const ws = tempWorkspace();
    const core = createWorkbenchCore(ws, 'electron');
    const unregister = registerIpc(
      core,
      () => null,
      (url) => url === 'file:///ok/index.html',
    );
    try {
      expect([...recorded.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
      const trusted = { senderFrame: { url: 'file:///ok/index.html' } };
      expect(await recorded.handlers.get('runs:list')!(trusted, {})).toEqual({
        ok: true,
        result: { rows: [], total: 0 },
      });
      expect(await recorded.handlers.get('runs:list')!(trusted, { limit: 'all' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(
        await recorded.handlers.get('runs:list')!({ senderFrame: { url: 'https://evil.example/' } }, {}),
      ).toMatchObject({ ok: false, error: { message: 'Untrusted sender' } });
    } finally {
      unregister();
      expect(recorded.handlers.size).toBe(0);
      await core.close();
      ws.cleanup();
    }
  });

  it('resolves app:// URLs to files of the renderer build only, with their content types', () => {
    const root = path.resolve('/app/out/renderer');
    expect(resolveAppRequest(root, APP_INDEX_URL)).toEqual({
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://workbench/')).toMatchObject({ file: path.join(root, 'index.html') });
    expect(resolveAppRequest(root, 'app://workbench/assets/editor.worker-BW.js?x=1#h')).toEqual({
      file: path.join(root, 'assets', 'editor.worker-BW.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://workbench/assets/a%20b.CSS')).toEqual({
      file: path.join(root, 'assets', 'a b.CSS'),
      contentType: 'text/css; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://workbench/assets/codicon.ttf')).toMatchObject({ contentType: 'font/ttf' });
    expect(resolveAppRequest(root, 'app://workbench/blob.bin')).toMatchObject({
      contentType: 'application/octet-stream',
    });
    // The URL parser folds plain and %2e dot segments at the root, so they stay inside the build.
    expect(resolveAppRequest(root, 'app://workbench/../../etc/passwd')).toEqual({
      file: path.join(root, 'etc', 'passwd'),
      contentType: 'application/octet-stream',
    });
    expect(resolveAppRequest(root, 'app://workbench/%2e%2e/%2e%2e/etc/passwd')).toMatchObject({
      file: path.join(root, 'etc', 'passwd'),
    });
    // Encoded separators survive the parser: refused before they reach the file system.
    expect(resolveAppRequest(root, 'app://workbench/..%2f..%2fetc%2fpasswd')).toEqual({ status: 403 });
    expect(resolveAppRequest(root, 'app://workbench/assets/..%2f..%2f..%2fsecret')).toEqual({ status: 403 });
    expect(resolveAppRequest(root, 'app://workbench/..%5c..%5cwin.ini')).toEqual({ status: 400 });
    expect(resolveAppRequest(root, 'app://workbench/index.html%00.js')).toEqual({ status: 400 });
    expect(resolveAppRequest(root, 'app://workbench/%E0%A4%A')).toEqual({ status: 400 });
    expect(resolveAppRequest(root, 'app://evil/index.html')).toEqual({ status: 404 });
    expect(resolveAppRequest(root, 'file:///app/out/renderer/index.html')).toEqual({ status: 404 });
    expect(resolveAppRequest(root, 'not a url')).toEqual({ status: 400 });
  });

  it('registers app:// as a privileged standard scheme and serves the build with the CSP', async () => {
    registerAppScheme();
    expect(recorded.privilegedSchemes).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-renderer-'));
    try {
      mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
      writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
      writeFileSync(path.join(dir, 'renderer', 'assets', 'yaml.worker-1.js'), 'self.onmessage = () => {};');
      writeFileSync(path.join(dir, 'secret.txt'), 'outside');
      handleAppScheme(path.join(dir, 'renderer'));
      const handler = recorded.protocolHandlers.get('app')!;
      const index = await handler({ url: APP_INDEX_URL });
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('content-security-policy')).toBe(CSP);
      expect(await index.text()).toContain('<title>x</title>');
      const worker = await handler({ url: 'app://workbench/assets/yaml.worker-1.js' });
      expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await worker.text()).toContain('onmessage');
      expect((await handler({ url: 'app://workbench/assets/missing.js' })).status).toBe(404);
      expect((await handler({ url: 'app://workbench/assets' })).status).toBe(404);
      expect((await handler({ url: 'app://workbench/..%2fsecret.txt' })).status).toBe(403);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
