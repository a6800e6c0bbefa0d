import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { replaceEditorText } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { seedEvaluation } from './support/seed-evaluation';
import { type ServeProcess, startServe } from './support/serve-process';
import { writeTinyAnalysisProject } from './support/tiny-detector';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

describe('accuracy view on a real analyse run', () => {
  let serve: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-acc-'));
    const project = await writeTinyAnalysisProject(workspace);
    serve = await startServe({ workspace });
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(serve.url);
    await page.goto(`${serve.origin}/#/new`);
    await replaceEditorText(
      page,
      `{name: tiny-int8, target: rk3588, backend: sim, model: ${project.model}, stages: [{kind: analyse, model: ${project.model}, calib: ${project.calib}, calibCount: 6, analysisCount: 2}]}`,
    );
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the per-layer table (sortable, coloured) and the graph coloured by the metric', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Accuracy' }).last().click();
    await page.getByRole('table', { name: 'Per-layer error' }).waitFor();
    const rows = page.locator('.layer-scroll [role=row]');
    expect(await rows.count()).toBeGreaterThan(5);
    await page.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(10);
    // elk ran in its own worker (a file of the build on the app's origin) and laid the graph out top-down in layers.
    // (The app may have started it before this screen: it loads the graph view when idle.)
    expect(page.workers().some((w) => w.url().startsWith(`${serve.origin}/assets/elk-worker`))).toBe(true);
    const ys = await page
      .locator('.react-flow__node')
      .evaluateAll((els) =>
        els.map(
          (el) =>
            new el.ownerDocument.defaultView!.DOMMatrix(el.ownerDocument.defaultView!.getComputedStyle(el).transform)
              .m42,
        ),
      );
    expect(new Set(ys.map(Math.round)).size).toBeGreaterThan(5);
    // Sort by cos entire ascending: the worst layer comes first, and values are non-decreasing.
    await page.getByRole('columnheader', { name: 'cos entire' }).first().click();
    const values = (await page.locator('.layer-scroll [role=row] [role=cell]:nth-child(4)').allTextContents())
      .map(Number)
      .filter((v) => !Number.isNaN(v));
    expect(values.length).toBeGreaterThan(3);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    // Every header, sort arrow included, fits its column at 1280×800 (it wraps rather than clips).
    const clipped = await page
      .locator('.layer-head > span')
      .evaluateAll((els) =>
        els
          .filter((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1)
          .map((el) => el.textContent),
      );
    expect(clipped).toEqual([]);
    // Clicking again sorts descending (react-table's column model; no third "unsorted" state).
    const header = page.getByRole('columnheader', { name: 'cos entire' }).first();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const descending = (await page.locator('.layer-scroll [role=row] [role=cell]:nth-child(4)').allTextContents())
      .map(Number)
      .filter((v) => !Number.isNaN(v));
    expect([...descending].sort((a, b) => b - a)).toEqual(descending);
    await header.click();
    // Colours are relative to this model: the worst layer is red, the best ones plain green.
    const cellClass = (i: number) =>
      page.locator('.layer-scroll [role=row]').nth(i).locator('[role=cell]').nth(3).getAttribute('class');
    expect(await cellClass(0)).toContain('sev-bad');
    expect(await cellClass(values.length - 1)).toContain('sev-ok');
    // Keyboard: a graph node takes focus and Enter inspects it.
    await page.locator('.react-flow__node', { hasText: 'Input' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Layer details' }).getByRole('heading', { name: 'images' }).waitFor();
    await saveScreenshot(page, 'accuracy');
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    while ((await toggle.textContent()) !== 'Theme: dark') await toggle.click();
    await saveScreenshot(page, 'accuracy-dark');
    while ((await toggle.textContent()) !== 'Theme: light') await toggle.click();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('selects a layer from the graph, toggles it float and re-analyses in one click', async () => {
    const { page } = browser;
    await page.getByLabel('Group by module').selectOption('1');
    const group = page.locator('.react-flow__node', { hasText: '/model.1' });
    await group.click();
    const conv = page.locator('.react-flow__node', { hasText: /^Conv/ }).first();
    await conv.waitFor();
    await conv.click();
    const details = page.getByRole('complementary', { name: 'Layer details' });
    await details.getByText('cos entire').waitFor();
    const tensor = (await details.locator('h2').textContent())!;
    await details.getByLabel('Keep this layer float').check();
    await page.locator('.layer-scroll [role=row][aria-selected=true] .chip.float').waitFor();
    await details.getByRole('button', { name: 'Re-analyse with this set' }).click();
    await page.getByRole('heading', { level: 1, name: /Run #2 .*keep 1 float/ }).waitFor();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Accuracy' }).last().click();
    await page.locator('.layer-scroll [role=row] .chip.float').first().waitFor();
    expect(
      await page
        .locator('.layer-scroll [role=row]', { has: page.locator('.chip.float') })
        .first()
        .textContent(),
    ).toContain(tensor);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('checks a hand-edited hybrid cfg against the model and turns it into the keep-float set', async () => {
    const { page } = browser;
    await page.goto(`${serve.origin}/#/accuracy/1`);
    await page.getByRole('table', { name: 'Per-layer error' }).waitFor();
    const first = (await page.locator('.layer-scroll [role=row]').nth(3).locator('[role=cell]').nth(1).textContent())!;
    await page.getByRole('button', { name: 'Hybrid cfg' }).click();
    const panel = page.getByRole('region', { name: 'Hybrid cfg' });
    await panel.locator('.monaco-editor .view-lines').waitFor();
    await replaceEditorText(page, `{custom_quantize_layers: {${first}x: float16}}`);
    await panel
      .getByRole('status')
      .getByText(/is not a tensor of this model \(did you mean/)
      .waitFor();
    await panel.locator('.squiggly-error').first().waitFor();
    expect(await panel.getByRole('button', { name: 'Use as keep-float set' }).isDisabled()).toBe(true);
    await replaceEditorText(page, `{custom_quantize_layers: {${first}: float16}}`);
    await panel.getByRole('status').getByText('1 layers, all found in the model').waitFor();
    await panel.getByRole('button', { name: 'Use as keep-float set' }).click();
    await page.locator('.layer-scroll [role=row]', { hasText: first }).locator('.chip.float').waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('compares the two runs: metrics with Δ, per-class AP, PR curves, AP vs latency, config diff and layer errors on one graph', async () => {
    const { page } = browser;
    seedEvaluation(serve.workspace, 1, { variant: 'fp32', runtime: 'host-ort', ap: 0.41, boardMs: 12.5 });
    seedEvaluation(serve.workspace, 2, { variant: 'hybrid', runtime: 'rknn-board', ap: 0.44, boardMs: 13.1 });
    await page.goto(`${serve.origin}/#/compare?ids=1,2`);
    const ap = page.getByRole('table', { name: 'AP by variant and runtime' });
    const hybrid = ap.getByRole('row', { name: /hybrid/ });
    await hybrid.getByRole('cell', { name: '+0.030', exact: true }).waitFor();
    expect(await hybrid.locator('.over-budget').count()).toBe(0);
    expect(await ap.getByRole('row', { name: /fp32/ }).getByText('reference').count()).toBe(1);
    await page.getByText('more: other metrics of the runs').click();
    const metrics = page.getByRole('table', { name: 'Metrics' });
    expect(
      await metrics
        .getByRole('row', { name: /Board ms/ })
        .locator('.delta')
        .getAttribute('class'),
    ).toContain('bad');
    await page
      .getByRole('table', { name: 'AP per class' })
      .getByRole('row', { name: /triangle/ })
      .waitFor();
    await saveScreenshot(page, 'compare-metrics');
    await page.getByRole('tab', { name: 'PR curves' }).click();
    await page.getByRole('img', { name: 'Precision-recall curves' }).locator('canvas').waitFor();
    await page.getByRole('tab', { name: 'PR curves' }).press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'AP vs latency' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('img', { name: 'AP against latency' }).locator('canvas').waitFor();
    await saveScreenshot(page, 'compare-ap-latency');
    await page.getByRole('tab', { name: 'Config' }).click();
    const diff = page.getByRole('table', { name: 'Config differences' });
    await diff.getByRole('row', { name: /stages\.0\.keepFloat/ }).waitFor();
    expect(await diff.getByRole('row', { name: /stages\.0\.calib/ }).count()).toBe(0);
    await page.getByLabel(/text diff of #1 and #2/).check();
    await page.locator('.monaco-diff-editor').waitFor();
    await page.getByRole('tab', { name: 'Layer errors' }).click();
    await page.locator('.overlay-frame .react-flow__node', { hasText: '|' }).first().waitFor();
    await saveScreenshot(page, 'compare-layers');
    expect(browser.consoleErrors).toEqual([]);
  });
});
