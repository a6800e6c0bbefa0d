import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppRequest } from '../src/main/app/app-url';
import { RENDERER_CSP } from '../src/main/renderer-csp';
import { launchChromium } from './support/chromium';
import { replaceEditorText, waitForEditorMarker } from './support/editor';
import { seedBigGraphWorkspace } from './support/seed-big-graph';
import { repoRoot, type ServeProcess, startServe } from './support/serve-process';

type Browser = Awaited<ReturnType<typeof launchChromium>>;
/** Stands in for app://workbench, which only Electron can register: same resolver, same headers. */
const ORIGIN = 'http://workbench.app.test';

/**
 * The Electron window's app:// scheme, emulated in Chromium: every request of the page (document, bundle,
 * CSS, fonts, and the Monaco / monaco-yaml workers) is answered through `resolveAppRequest` from the real
 * build with the real CSP, the way `protocol.handle` answers it; contract calls go to the real core.
 */
describe('the renderer served through the app:// resolver', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const served: { path: string; status: number; type: string }[] = [];
  beforeAll(async () => {
    // One finished run with a 40-node graph and layer errors: the accuracy view needs elk's worker.
    serve = await startServe({ workspace: seedBigGraphWorkspace(10).dir });
    browser = await launchChromium();
    const rendererDir = path.join(repoRoot, 'out', 'renderer');
    await browser.context.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.startsWith('/api/')) {
        // The preload's IPC in Electron; here the contract goes to the real core over HTTP.
        const res = await fetch(`${serve.origin}${url.pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${serve.token}` },
          body: route.request().postData() ?? '{}',
        });
        return route.fulfill({ status: res.status, contentType: 'application/json', body: await res.text() });
      }
      const resolved = resolveAppRequest(rendererDir, `${APP_ORIGIN}${url.pathname}${url.search}`);
      if ('status' in resolved) {
        served.push({ path: url.pathname, status: resolved.status, type: '' });
        return route.fulfill({ status: resolved.status, body: '' });
      }
      served.push({ path: url.pathname, status: 200, type: resolved.contentType });
      return route.fulfill({
        status: 200,
        body: await readFile(resolved.file),
        headers: { 'content-type': resolved.contentType, 'content-security-policy': RENDERER_CSP },
      });
    });
    // Events are not needed here: a silent socket.
    await browser.page.routeWebSocket(/\/api\/events/, () => undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('loads the app and starts the Monaco and monaco-yaml workers from its own origin under the CSP', async () => {
    const { page } = browser;
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${ORIGIN}/index.html?token=${serve.token}#/new`);
    await page.getByRole('heading', { level: 1, name: 'New run' }).waitFor();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await replaceEditorText(page, '{name: x, stages: [{kind: env-snapshot, bogus: 1}]}');
    await waitForEditorMarker(page, /Property bogus is not allowed/);
    expect(workers.some((u) => /^http:\/\/workbench\.app\.test\/assets\/yaml\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(workers.some((u) => /^http:\/\/workbench\.app\.test\/assets\/editor\.worker-[\w-]+\.js$/.test(u))).toBe(
      true,
    );
    // Every file the page asked for was in the build, with a type a strict-MIME module loader accepts.
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
    expect(served.filter((s) => s.path.endsWith('.js')).every((s) => s.type.startsWith('text/javascript'))).toBe(true);
    expect(served.some((s) => s.path.endsWith('.css') && s.type.startsWith('text/css'))).toBe(true);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('lays out the accuracy graph in the elk worker from its own origin', async () => {
    const { page } = browser;
    await page.goto(`${ORIGIN}/index.html#/accuracy/1`);
    await page.locator('.react-flow__node', { hasText: 'Conv' }).first().waitFor();
    // Among the page's workers (the app's idle preload may have started elk's before this screen opened).
    const workers = page.workers().map((w) => w.url());
    expect(workers.some((u) => /^http:\/\/workbench\.app\.test\/assets\/elk-worker[\w.-]*\.js$/.test(u))).toBe(true);
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
