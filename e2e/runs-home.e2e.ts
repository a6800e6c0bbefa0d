import { beforeAll, describe, expect, it } from 'vitest';
import { frameGaps, p95, scrollJumps } from './support/frame-gaps';
import { saveScreenshot } from './support/screenshots';
import { seedRunsWorkspace } from './support/seed-runs';
import { useWorkbench } from './support/workbench-session';

const COUNT = 10_000;

describe('runs home with 10,000 runs', () => {
  const wb = useWorkbench(() => ({ workspace: seedRunsWorkspace(COUNT) }));
  beforeAll(async () => {
    await wb.browser.page.getByText(`${COUNT.toLocaleString('en-US')} runs in this workspace`).waitFor();
  });

  it('renders only the visible rows and scrolls to the end smoothly', async () => {
    const { page } = wb.browser;
    const grid = page.getByRole('grid', { name: 'Runs' });
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(COUNT));
    const rendered = await page.locator('.runs-scroll [role=row]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);
    await grid.focus();
    const started = Date.now();
    await page.keyboard.press('End');
    await page.locator('[role=row][aria-rowindex="10000"]').getByText('yolov8n-rk3568-00001').waitFor();
    const endMs = Date.now() - started;
    // Jump through the list in big steps, one per frame, and reach the end: only the rows on screen are in the DOM.
    // Frame times are printed; their target is a benchmark (`npm run bench ui`: against a static page's frames).
    const frames = await frameGaps(page, 60, scrollJumps('.runs-scroll'));
    console.log(
      `runs table: End key → last row ${endMs} ms; scroll frame gap p95 ${p95(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
    );
    expect(await page.locator('.runs-scroll [role=row]').count()).toBeLessThan(80);
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('filters on the server by target, status and text', async () => {
    const { page } = wb.browser;
    await page.getByLabel('Target').selectOption('rv1106');
    await page.getByText(/1,667 runs match the filters/).waitFor();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText(/\d+ runs? match the filters/).waitFor();
    const subtitle = await page.locator('.subtitle').textContent();
    const n = Number(/([\d,]+) run/.exec(subtitle ?? '')![1].replace(/,/g, ''));
    // ids ≡ 2 (mod 6) and ≡ 0 (mod 17) below 10,000.
    expect(n).toBe([...Array(COUNT).keys()].map((i) => i + 1).filter((i) => i % 6 === 2 && i % 17 === 0).length);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Target').selectOption('');
    await page.getByRole('searchbox').fill('00042');
    await page.getByText('1 run match the filters').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByText(`${COUNT.toLocaleString('en-US')} runs in this workspace`).waitFor();
  });

  it('pins a baseline and shows Δ coloured by direction', async () => {
    const { page } = wb.browser;
    const grid = page.getByRole('grid', { name: 'Runs' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.getByRole('toolbar', { name: 'Run actions' }).getByText('#10000').waitFor();
    await page.getByRole('button', { name: 'Pin as baseline' }).click();
    await page.getByText(/Δ against #10000/).waitFor();
    const second = page.locator('[role=row][aria-rowindex="2"]');
    // AP has its own column (vs the float AP); the metric columns show Δ against the baseline. Run 9999:
    // latency 5+((9999*11)%40)/10 = 7.9 ms vs 5.0 for 10000 → +2.90, worse (red).
    await expect(second.locator('.delta').first().textContent()).resolves.toBe('+2.90');
    expect(await second.locator('.delta').first().getAttribute('class')).toContain('bad');
    // Run 9999's w8a8 on its board: 0.363 against fp32 0.420, −0.057, beyond the 0.01 budget.
    expect(await second.locator('.ap-cell').textContent()).toBe('0.363w8a8 · boardfp32 0.420 −0.057');
    await saveScreenshot(page, 'runs-home');
  });

  it('deletes with the keyboard and undoes it', async () => {
    const { page } = wb.browser;
    const grid = page.getByRole('grid', { name: 'Runs' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('toolbar', { name: 'Run actions' }).getByText('#9999').waitFor();
    await page.keyboard.press('Delete');
    await page.getByText('Deleted run #9999').waitFor();
    await page.getByText('9,999 runs in this workspace').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText(`${COUNT.toLocaleString('en-US')} runs in this workspace`).waitFor();
    await page.locator('[role=row][aria-rowindex="2"]').getByText('yolov8n-hi3519-09999').waitFor();
  });

  it('renames and tags a run in a dialog, and selects runs for compare', async () => {
    const { page } = wb.browser;
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: /Rename run/ });
    await dialog.getByLabel('Name').fill('best-so-far');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.locator('[role=row][aria-rowindex="2"]').getByText('best-so-far').waitFor();
    await page.getByRole('button', { name: 'Tags' }).click();
    const tags = page.getByRole('dialog', { name: /Tags of run/ });
    await tags.getByLabel('Tags').fill('int8, candidate');
    await tags.getByRole('button', { name: 'Save' }).click();
    await page.locator('[role=row][aria-rowindex="2"] .chip', { hasText: 'candidate' }).waitFor();
    const grid = page.getByRole('grid', { name: 'Runs' });
    await grid.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    const compare = page.getByRole('link', { name: 'Compare (2)' });
    expect(await compare.getAttribute('href')).toMatch(/^#\/compare\?ids=(9999%2C10000|10000%2C9999)$/);
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
