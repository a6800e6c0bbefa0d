import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/screenshots';
import { seedBrokenInt8Workspace } from './support/seed-broken-int8';
import { useWorkbench } from './support/workbench-session';

/** The score slice of the demo detector's output Concat: the one layer w8a8 destroys (cosine 0). */
const BROKEN = 'output0[1:/detect/Sigmoid_output_0]';

describe('accuracy on the broken-int8 demo run', () => {
  const wb = useWorkbench(async () => ({ workspace: (await seedBrokenInt8Workspace()).workspace }));

  it('opens worst first, colours relative to the model and reveals the worst layer in one click', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/accuracy/1`);
    const table = page.getByRole('table', { name: 'Per-layer error' });
    await table.waitFor();
    // Worst first: the broken slice is the first row, red.
    const first = page.locator('.layer-scroll [role=row]').first();
    await first.getByText(BROKEN).waitFor();
    expect(await first.locator('[role=cell].sev-bad').count()).toBeGreaterThan(0);
    // The graph opens grouped by module at a zoom where labels are legible (not a 230-node strip).
    const frame = page.locator('.graph-frame');
    await page.locator('.react-flow__node.group').first().waitFor();
    await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.75);
    // The jump list's first entry selects the layer and reveals its node: its group expands and the node is centred.
    const jumpList = page.getByRole('navigation', { name: 'Worst layers' });
    const jump = jumpList.getByRole('button').first();
    expect(await jump.textContent()).toContain(BROKEN);
    await jump.click();
    await page.locator('.layer-scroll [role=row][aria-selected=true]', { hasText: BROKEN }).waitFor();
    await page.getByRole('complementary', { name: 'Layer details' }).getByRole('heading', { name: BROKEN }).waitFor();
    const node = page.locator('.react-flow__node.selected-layer', { hasText: 'Concat' });
    await node.waitFor();
    await expect.poll(async () => inside(await node.boundingBox(), await frame.boundingBox())).toBe(true);
    expect(await node.getAttribute('class')).toContain('sev-bad');
    // The jump list stays, and the column fits 800 px with the layer's details and its Re-analyse button.
    expect((await jumpList.boundingBox())!.height).toBeGreaterThan(10);
    const reanalyse = (await page.getByRole('button', { name: 'Re-analyse with this set' }).boundingBox())!;
    expect(reanalyse.y + reanalyse.height).toBeLessThanOrEqual(800);
    await saveScreenshot(page, 'accuracy-broken-int8');
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('a node selects its row; the legend follows the metric; a new grouping is framed at once', async () => {
    const { page } = wb.browser;
    const mul = page.locator('.react-flow__node:not(.group)', { hasText: /^Mul/ }).first();
    await mul.click();
    const selectedRow = page.locator('.layer-scroll [role=row][aria-selected=true]');
    await selectedRow.waitFor();
    expect(await selectedRow.locator('[role=cell]').nth(2).textContent()).toBe('Mul');
    const legend = page.getByRole('note', { name: 'Colour legend' });
    // Thresholds come from this model's distribution: every cosine but the broken one is above 0.99.
    expect(await legend.textContent()).toMatch(/^cos single:■ ≤ 0\.99\d+■ ≤ 0\.99\d+/);
    await page.getByLabel('Colour by').selectOption('eucSingle');
    expect(await legend.textContent()).toMatch(/^euc single:■ ≥ \d+\.\d{3}/);
    expect(await page.locator('.react-flow__node.sev-bad').count()).toBeGreaterThan(0);
    await page.getByLabel('Colour by').selectOption('sqnr');
    expect(await legend.textContent()).toMatch(/^SQNR dB:■ ≤ -?\d+\.\d{3}/);
    await page.getByLabel('Group by module').selectOption('0');
    // The flat layout replaces the groups and is framed on the selected layer at once (no Fit View needed).
    await expect.poll(() => page.locator('.react-flow__node.group').count(), { timeout: 60_000 }).toBe(0);
    await page.locator('.react-flow__node.selected-layer').waitFor();
    const frame = await page.locator('.graph-frame').boundingBox();
    const onScreen = await page.locator('.react-flow__node').evaluateAll(
      (els, f) =>
        els.filter((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > f!.y && r.top < f!.y + f!.height && r.right > f!.x && r.left < f!.x + f!.width;
        }).length,
      frame,
    );
    expect(onScreen).toBeGreaterThan(5);
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('a row inside nested module groups opens every group around it and selects its node', async () => {
    const { page } = wb.browser;
    // A fresh document (nothing selected, default grouping), not the previous test's page.
    await page.goto('about:blank');
    await page.goto(`${wb.serve.origin}/#/accuracy/1`);
    await page.locator('.react-flow__node.group').first().waitFor();
    await page.getByLabel('Group by module').selectOption('3');
    // Nested: the outer blocks are the groups at first (/b1, not /b1/b1.0).
    await page.locator('.react-flow__node.group', { hasText: /^\/b1 \(\d+\)/ }).waitFor();
    expect(await page.locator('.react-flow__node.group', { hasText: /^\/b1\/b1\.0 / }).count()).toBe(0);
    // A row three modules deep (/b1/b1.1/cv1/conv/Conv: /b1 › /b1/b1.1 › /b1/b1.1/cv1), reached by End and arrows.
    const target = '/b1/b1.1/cv1/conv/Conv_output_0';
    const scroll = page.locator('.layer-scroll');
    const row = page.locator('.layer-scroll [role=row]', { has: page.getByTitle(target, { exact: true }) });
    // Half a screen at a time, each step rendered (two frames) before looking for the row.
    for (let i = 0; i < 100 && !(await row.isVisible()); i++)
      await scroll.evaluate(
        (el) =>
          new Promise((rendered) => {
            el.scrollTop += el.clientHeight / 2;
            const win = el.ownerDocument.defaultView!;
            win.requestAnimationFrame(() => win.requestAnimationFrame(rendered));
          }),
      );
    await row.click();
    // Until the opened groups are laid out, the group holding the layer is the one marked selected.
    const node = page.locator('.react-flow__node.selected-layer:not(.group)');
    await node.waitFor();
    expect(await node.getAttribute('aria-label')).toMatch(/^\/b1\/b1\.1\/cv1\/conv\/Conv,/);
    const frame = page.locator('.graph-frame');
    await expect.poll(async () => inside(await node.boundingBox(), await frame.boundingBox())).toBe(true);
    // Its siblings in the innermost module are open too; the outer groups around it are gone.
    expect(await page.locator('.react-flow__node.group', { hasText: /^\/b1 \(/ }).count()).toBe(0);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('shows the analysis proposal with its AP gains and applies it as a child run in one click', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/accuracy/1`);
    const panel = page.getByRole('region', { name: 'Proposal' });
    await panel.getByRole('heading', { name: /Proposal: \d+ layers? float16 → AP 0\.[1-9]\d\d/ }).waitFor();
    const proposed = page.getByRole('table', { name: 'Proposed layers' }).getByRole('row');
    expect(await proposed.count()).toBeGreaterThan(1);
    expect(await proposed.nth(1).textContent()).toMatch(/\+0\.\d{3}/);
    await panel.getByText(/Search: \d+ candidates tried/).click();
    expect(await page.getByRole('table', { name: 'Candidates tried' }).getByRole('row').count()).toBeGreaterThan(2);
    const keep = (await proposed.count()) - 1;
    await panel.getByRole('button', { name: 'Apply as child run' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Run #2 .*keep ${keep} float`) }).waitFor();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 280_000 });
    await page.getByRole('link', { name: 'Accuracy' }).last().click();
    await page.getByText(`${keep} layers kept float`).waitFor();
    expect(wb.browser.consoleErrors).toEqual([]);
  }, 300_000);
});

function zoom(page: Page): Promise<number> {
  return page
    .locator('.react-flow__viewport')
    .evaluate((el) => new el.ownerDocument.defaultView!.DOMMatrix(el.style.transform).a);
}

function inside(
  box: { x: number; y: number; width: number; height: number } | null,
  frame: { x: number; y: number; width: number; height: number } | null,
): boolean {
  if (!box || !frame) return false;
  return (
    box.x >= frame.x &&
    box.y >= frame.y &&
    box.x + box.width <= frame.x + frame.width &&
    box.y + box.height <= frame.y + frame.height
  );
}
