import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceEditorText } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { repoRoot } from './support/serve-process';
import { useWorkbench } from './support/workbench-session';

const driver = path.join(repoRoot, 'test', 'fixtures', 'drivers', 'counting_driver.py');
const stage = (args: Record<string, unknown>): string =>
  `{kind: python-script, script: ${JSON.stringify(driver)}, args: ${JSON.stringify(args)}}`;

describe('new run → live run', () => {
  const wb = useWorkbench(() => ({ env: { NPU_WORKBENCH_PYTHON: '/usr/bin/python3' } }));
  beforeAll(async () => {
    await wb.browser.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  });

  it('launches a run from the editor and follows its stages, progress, ETA and log to the end', async () => {
    const { page } = wb.browser;
    await page.getByRole('link', { name: 'Create your first run' }).click();
    await page.getByRole('heading', { level: 1, name: 'New run' }).waitFor();
    await replaceEditorText(
      page,
      `{name: counting, target: rk3588, backend: sim, tags: [e2e], stages: [${stage({ steps: 25, delay: 0.2 })}, ${stage({ steps: 3 })}]}`,
    );
    await saveScreenshot(page, 'new-run');
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Run #1 counting' }).waitFor();
    expect(page.url()).toMatch(/#\/run\/1$/);
    const bar = page.getByRole('progressbar', { name: 'python-script progress' }).first();
    await bar.waitFor();
    await page.getByText(/about \d+ s left/).waitFor();
    await saveScreenshot(page, 'live-run');
    await page.getByLabel('Stage 2 python-script: succeeded').waitFor({ timeout: 30_000 });
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('25');
    await page.getByRole('list', { name: 'Stages' }).getByText('succeeded').first().waitFor();
    await page.getByLabel('Metrics').getByText('map').waitFor();
    const log = page.getByRole('region', { name: 'Log' });
    await log.getByText('plain text on stdout').first().waitFor();
    // Search highlights every match in place, counts them, and Enter / Shift+Enter walk through them (wrapping).
    const search = page.getByRole('searchbox', { name: 'Search the log' });
    const status = log.getByRole('status');
    const lineCount = await log.locator('.log-line').count();
    await search.fill('WARNING on stderr');
    await status.getByText('2 matches').waitFor();
    expect(await log.locator('mark.log-match').allTextContents()).toEqual(['warning on stderr', 'warning on stderr']);
    expect(await log.locator('.log-line').count()).toBe(lineCount);
    await search.press('Enter');
    await status.getByText('1 of 2 matches').waitFor();
    expect(await log.locator('mark.current').count()).toBe(1);
    expect(await log.getByLabel('follow').isChecked()).toBe(false);
    const first = await log.locator('.log-line', { has: page.locator('mark.current') }).textContent();
    await search.press('Enter');
    await status.getByText('2 of 2 matches').waitFor();
    expect(await log.locator('.log-line', { has: page.locator('mark.current') }).textContent()).not.toBe(first);
    await search.press('Enter');
    await status.getByText('1 of 2 matches').waitFor();
    await search.press('Shift+Enter');
    await status.getByText('2 of 2 matches').waitFor();
    await log.getByLabel('only matching lines').check();
    await status.getByText('2 matches in 2 lines').waitFor();
    expect(await log.locator('.log-line').count()).toBe(2);
    await log.getByLabel('only matching lines').uncheck();
    await search.fill('no such text');
    await status.getByText('No matches').waitFor();
    expect(await log.getByRole('button', { name: 'Next match' }).isDisabled()).toBe(true);
    await search.fill('');
    await log.getByLabel('follow').check();
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('re-runs from the second stage as a child run, keeping the first; the parent stays as it was', async () => {
    const { page } = wb.browser;
    const first = await page
      .getByLabel(/^Stage 1 /)
      .locator('.muted.small')
      .first()
      .textContent();
    await page
      .getByLabel(/^Stage 2 /)
      .getByRole('button', { name: 'Re-run from here' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Run #2 counting' }).waitFor();
    expect(page.url()).toMatch(/#\/run\/2$/);
    await page.locator('.page-header').getByRole('link', { name: '#1' }).waitFor();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Stage 2 python-script: succeeded').waitFor();
    expect(
      await page
        .getByLabel(/^Stage 1 /)
        .locator('.muted.small')
        .first()
        .textContent(),
    ).toBe(first);
    await page.locator('.page-header').getByRole('link', { name: '#1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Run #1 counting' }).waitFor();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor();
  });

  it('cancels a running run and shows where it stopped', async () => {
    const { page } = wb.browser;
    await page.getByRole('link', { name: 'Duplicate as new' }).click();
    await page.getByRole('heading', { level: 1, name: 'New run' }).getByText('New run').waitFor();
    await page.locator('.monaco-editor .view-lines').getByText('counting-copy').waitFor();
    await page.getByRole('button', { name: 'Diff against #1' }).click();
    await page.locator('.monaco-diff-editor').waitFor();
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await replaceEditorText(page, `{name: long, stages: [${stage({ steps: 1000, delay: 0.2 })}]}`);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Run #3 long' }).waitFor();
    await page.getByLabel('Stage 1 python-script: running').waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('.page-header .status', { hasText: 'cancelled' }).waitFor();
    await page.getByLabel('Stage 1 python-script: cancelled').waitFor();
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('walks through matches far apart in a long, virtualized log', async () => {
    const { page } = wb.browser;
    const script = path.join(mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-log-')), 'long_log.py');
    writeFileSync(
      script,
      'import json\nfor i in range(3000):\n    print(f"line {i}" + (" NEEDLE here" if i in (10, 2900) else ""))\nprint(json.dumps({"type": "result", "metrics": {}}))\n',
    );
    await page.goto(`${wb.serve.origin}/#/new`);
    await replaceEditorText(
      page,
      `{name: long-log, stages: [{kind: python-script, script: ${JSON.stringify(script)}}]}`,
    );
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.getByRole('heading', { level: 1, name: /long-log/ }).waitFor();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
    const log = page.getByRole('region', { name: 'Log' });
    await log.getByText('line 2999').waitFor();
    // Only the rows on screen are in the DOM, however long the log.
    expect(await log.locator('.log-line').count()).toBeLessThan(200);
    const search = page.getByRole('searchbox', { name: 'Search the log' });
    await search.fill('needle');
    await log.getByRole('status').getByText('2 matches').waitFor();
    await search.press('Enter');
    await log.getByRole('status').getByText('1 of 2 matches').waitFor();
    await log
      .locator('.log-line', { has: page.locator('mark.current') })
      .getByText('line 10 ')
      .waitFor();
    await search.press('Enter');
    await log.getByRole('status').getByText('2 of 2 matches').waitFor();
    await log
      .locator('.log-line', { has: page.locator('mark.current') })
      .getByText('line 2900 ')
      .waitFor();
    expect(await log.locator('mark.current').isVisible()).toBe(true);
    expect(await log.getByText('line 10 ', { exact: false }).count()).toBe(0);
    await saveScreenshot(page, 'live-run-log-search');
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
