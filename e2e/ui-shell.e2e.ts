import { beforeAll, describe, expect, it } from 'vitest';
import { cssOf } from './support/dom';
import { replaceEditorText, startStageList, waitForEditorMarker } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { useWorkbench } from './support/workbench-session';

describe('renderer shell (browser mode)', () => {
  const wb = useWorkbench();
  beforeAll(async () => {
    await wb.browser.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  });

  it('shows the empty runs page with what to do next', async () => {
    const { page } = wb.browser;
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await expect(page.getByRole('link', { name: 'Create your first run' }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'runs-empty');
  });

  it('fills the editor with the demo project from the empty runs page (the opted-out first launch)', async () => {
    const { page } = wb.browser;
    await page.getByRole('link', { name: 'Try the demo project' }).click();
    await page.getByText(/The demo project/).waitFor();
    const editor = page.locator('.monaco-editor .view-lines');
    await editor.getByText('demo-baseline').waitFor({ timeout: 60_000 });
    await editor.getByText('kind: analyse').waitFor();
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('The config is valid.').waitFor();
    // Nothing was launched: the first launch of this workspace was opted out, and Accuracy has no baseline to fall back
    // on.
    await page.goto(`${wb.serve.origin}/#/accuracy`);
    await page.getByRole('heading', { name: 'Pick a run to analyse' }).waitFor();
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('reaches every screen from the navigation with the keyboard', async () => {
    const { page } = wb.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['New run', 'Accuracy', 'Compare', 'Board', 'Toolchains', 'Settings', 'Runs']) {
      const link = nav.getByRole('link', { name: label });
      await link.focus();
      // The focused link is visibly outlined (focus-visible after keyboard focus).
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect(await cssOf(link, 'outline-style')).toBe('solid');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      expect(await link.getAttribute('aria-current')).toBe('page');
      // Text fits at 1280×800: nothing makes the page scroll sideways.
      expect(await page.locator('main').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    }
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('loads Monaco from the app itself (no CDN) with its worker, and validates YAML through main', async () => {
    const { page } = wb.browser;
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(wb.serve.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        external.push(r.url());
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${wb.serve.origin}/#/new`);
    await page.locator('.monaco-editor .view-lines').waitFor();
    // The basics form and the YAML are one document: picking a target rewrites that line in the editor.
    const basics = page.getByRole('group', { name: 'Run basics' });
    await basics.getByLabel('Target').selectOption('rk3588');
    await basics.getByLabel('Model').fill('models/yolov8n.onnx');
    await page.locator('.monaco-editor .view-lines').getByText('target: rk3588').waitFor();
    await page.locator('.monaco-editor .view-lines').getByText('model: models/yolov8n.onnx').waitFor();
    // Check also looks for the files the stages name: this model is not in the workspace.
    await page.getByRole('button', { name: 'Check' }).click();
    await page
      .getByRole('alert', { name: 'Config problems' })
      .getByText(/stage 1 › model\s*model models\/yolov8n\.onnx does not exist/)
      .waitFor();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    // insertText is one input event: Monaco drops keystrokes typed faster than it renders on a busy 2-core machine.
    await page.keyboard.insertText('  - kind: no-such-stage');
    await page.getByRole('button', { name: 'Check' }).click();
    await page
      .getByRole('alert', { name: 'Config problems' })
      .getByText(/Unknown stage kind "no-such-stage"/)
      .waitFor();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    expect(workers.some((u) => u.startsWith(wb.serve.origin) || u.startsWith('blob:'))).toBe(true);
    expect(external).toEqual([]);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('completes and validates the run YAML from the stage schema as you type (monaco-yaml worker)', async () => {
    const { page } = wb.browser;
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    // A fresh document, so this test sees the workers start (the previous test's page already had them).
    await page.goto('about:blank');
    await page.goto(`${wb.serve.origin}/#/new`);
    await startStageList(page, 'schema-test');
    await page.keyboard.insertText('- kind: ');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await suggest.getByText('env-snapshot').waitFor();
    // Typed key by key so the open suggestion list filters as a user would see it.
    await page.keyboard.type('pyth', { delay: 80 });
    await suggest.getByText('python-script').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').getByText('python-script').waitFor();
    await replaceEditorText(page, '{name: x, stages: [{kind: env-snapshot, bogus: 1}]}');
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor();
    // The marker carries the JSON-Schema message only the monaco-yaml worker produces (main's Check was not pressed).
    await waitForEditorMarker(page, /Property bogus is not allowed/);
    // Both workers are files of the build on the app's own origin (CSP worker-src 'self', no blob:).
    const own = workers
      .filter((u) => u.startsWith(`${wb.serve.origin}/assets/`))
      .map((u) => u.slice(wb.serve.origin.length));
    expect(own.some((u) => /\/yaml\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(own.some((u) => /\/editor\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(workers.filter((u) => !u.startsWith(wb.serve.origin))).toEqual([]);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('switches between light and dark themes and keeps the choice', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/runs`);
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    const bg = () => cssOf(page.locator('body'), 'background-color');
    while ((await toggle.textContent()) !== 'Theme: dark') await toggle.click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const darkBg = await bg();
    await saveScreenshot(page, 'runs-empty-dark');
    await toggle.click();
    await toggle.click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(await bg()).not.toBe(darkBg);
    const settings = (await (
      await fetch(`${wb.serve.origin}/api/invoke/settings:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${wb.serve.token}` },
        body: '{}',
      })
    ).json()) as { result: { theme: string } };
    expect(settings.result.theme).toBe('light');
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
