import { beforeAll, describe, expect, it } from 'vitest';
import { cssOf } from './support/dom';
import { saveScreenshot } from './support/screenshots';
import { seedExampleRun } from './support/seed-example-run';
import { useWorkbench } from './support/workbench-session';

let workspace: string;

describe('the AP ledger on the shipped example run', () => {
  beforeAll(() => {
    workspace = seedExampleRun();
  }, 900_000);
  const wb = useWorkbench(() => ({ workspace }));

  it('runs table: the int8 the run builds, 0.000 in red, next to the float AP', async () => {
    const { page } = wb.browser;
    const row = page.getByRole('row').filter({ hasText: 'demo AP table' });
    const cell = row.locator('.ap-cell');
    await cell.waitFor();
    expect(await cell.locator('.ap-value').textContent()).toBe('0.000');
    expect(await cell.locator('.ap-variant').textContent()).toBe('w8a8 · sim');
    expect(await cell.locator('.ap-float').textContent()).toMatch(/^fp32 0\.\d{3} −0\.\d{3}$/);
    expect(await cell.getAttribute('class')).toContain('over-budget');
    expect(await cssOf(cell.locator('.ap-value'), 'color')).toBe('rgb(179, 38, 30)'); // --bad
    expect(await cell.getAttribute('title')).toMatch(/w8a8 on the built-in simulator: 0\.000; float 0\.\d{3}/);
    // The raw mAP metric (the float model's AP in an int8 run) is no longer a column.
    expect(await page.locator('.runs-head').textContent()).not.toMatch(/mAP/);
    await saveScreenshot(page, 'runs-ap-column');
  });

  it('Compare: AP first, fp32 reference, int8 0.000 red, n/a for −1, bookkeeping behind "more"', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/compare?ids=1`);
    const table = page.getByRole('table', { name: 'AP by variant and runtime' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const labels = await rows.locator('td:nth-child(2)').allTextContents();
    expect(labels[0]).toBe('fp32reference');
    expect(labels).toEqual(expect.arrayContaining(['fp16', 'w8a16', 'w8a8']));
    expect(labels.some((l) => /^w8a8 \+ proposal \(\d+ tensors? float16/.test(l))).toBe(true);
    const int8 = rows.filter({ has: page.locator('td:nth-child(2)', { hasText: /^w8a8$/ }) });
    expect(await int8.locator('td:nth-child(4)').textContent()).toBe('0.000');
    expect(await int8.locator('td:nth-child(4)').getAttribute('class')).toContain('over-budget');
    expect(await int8.locator('td:nth-child(3)').textContent()).toBe('built-in simulator');
    expect(await int8.locator('td:nth-child(7)').textContent()).toMatch(/^−0\.\d{3}$/);
    // The demo val images have no small objects: pycocotools' −1 reads n/a, under "more".
    const more = page.locator('details.more').first();
    expect(await more.getAttribute('open')).toBeNull();
    await more.locator('summary').click();
    const details = page.getByRole('table', { name: 'Evaluation details' });
    expect(await details.textContent()).toContain('n/a');
    expect(await details.textContent()).not.toContain('-1');
    // Per-class AP of the chosen variant: the int8 (the run's headline) beside the reference.
    const perClass = page.getByRole('table', { name: 'AP per class' });
    expect(await perClass.locator('thead').textContent()).toMatch(
      /#1 fp32 · host onnxruntime.*#1 w8a8 · built-in simulator/,
    );
    expect(await perClass.locator('tbody tr').count()).toBe(4);
    await saveScreenshot(page, 'compare-ap');
  });

  it('AP vs latency pairs only an AP with the latency of the same model: no float AP at an int8 latency', async () => {
    const { page } = wb.browser;
    await page.getByRole('tab', { name: 'AP vs latency' }).click();
    const points = page.getByRole('list', { name: 'Plotted points' }).locator('li');
    await points.first().waitFor();
    const plotted = await points.allTextContents();
    expect(plotted.length).toBeGreaterThan(0);
    for (const p of plotted) expect(p).toMatch(/^#1 fp32 · host onnxruntime: AP 0\.\d{3} at [\d.]+ ms \(host CPU\)$/);
    const notPlotted = await page.getByLabel('Not plotted').textContent();
    expect(notPlotted).toContain('#1 w8a8 · built-in simulator');
    expect(wb.browser.consoleErrors).toEqual([]);
    await saveScreenshot(page, 'compare-ap-latency');
  });

  it('run page: the rknn-eval stages are skipped without rknn-toolkit2, saying why and how to get the column', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/run/1`);
    const stage = page.getByRole('listitem', { name: /^Stage \d+ rknn-eval: skipped$/ }).first();
    await stage.waitFor();
    expect(await page.getByRole('listitem', { name: /rknn-eval: skipped$/ }).count()).toBe(2);
    expect(await stage.locator('.stage-note').textContent()).toMatch(
      /^rknn-toolkit2 is not installed in \S+; install it to get the rknn simulator column$/,
    );
    expect(await stage.getByRole('alert').count()).toBe(0);
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
