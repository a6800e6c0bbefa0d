import { beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/screenshots';
import { useWorkbench } from './support/workbench-session';

/** The real first launch: a fresh workspace without the opt-out gets the demo baseline run from `serve` itself. */
describe('first launch (fresh workspace)', () => {
  const wb = useWorkbench(() => ({ demo: true }));
  beforeAll(async () => {
    await wb.browser.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  });

  it('opens on the demo baseline run, shows it running, then finished with its AP', async () => {
    const { page } = wb.browser;
    const row = page.getByRole('grid', { name: 'Runs' }).getByRole('row').filter({ hasText: 'demo-baseline' });
    await row.locator('.chip.baseline').waitFor();
    await row.locator('.status', { hasText: /queued|running/ }).waitFor();
    await page.getByText(/1 run in this workspace · Δ against #1 demo-baseline/).waitFor();
    await row.locator('.status', { hasText: 'succeeded' }).waitFor({ timeout: 150_000 });
    // The demo detector's float AP@[.5:.95] on its 200 val images (docs/evaluation.md): 0.4462.
    // The AP column is the ledger's headline: no int8 AP is measured here, so the float model on the host.
    await row.locator('.ap-cell .ap-value', { hasText: /^0\.446$/ }).waitFor();
    expect(await row.locator('.ap-cell .ap-variant').textContent()).toBe('fp32 · host');
    expect(await page.getByRole('heading', { name: 'No runs yet' }).count()).toBe(0);
    await saveScreenshot(page, 'first-launch');
    // The demo run's output goes to its log, never to serve's stdout (one ready line, for scripts).
    expect(wb.serve.stdoutLines.filter((l) => l.trim())).toEqual([`Workbench ready: ${wb.serve.url}`]);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('Accuracy and Compare open on the demo baseline instead of an empty screen', async () => {
    const { page } = wb.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Accuracy' }).click();
    await page.waitForURL(/#\/accuracy\/1$/);
    await page.getByRole('table', { name: 'Per-layer error' }).waitFor();
    expect(await page.locator('.layer-scroll [role=row]').count()).toBeGreaterThan(5);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'accuracy-demo');
    await nav.getByRole('link', { name: 'Compare' }).click();
    await page.waitForURL(/#\/compare\?ids=1$/);
    const ap = page.getByRole('table', { name: 'AP by variant and runtime' });
    await ap.getByRole('row', { name: /fp32/ }).getByRole('cell', { name: '0.446', exact: true }).waitFor();
    await page
      .getByRole('table', { name: 'AP per class' })
      .getByRole('row', { name: /triangle/ })
      .waitFor();
    expect(await page.getByRole('tab').allTextContents()).toEqual(['AP', 'PR curves', 'AP vs latency']);
    await page.getByRole('tab', { name: 'PR curves' }).click();
    await page.getByRole('img', { name: 'Precision-recall curves' }).locator('canvas').waitFor();
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
