import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { replaceEditorText } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { repoRoot, type ServeProcess, startServe } from './support/serve-process';

type Browser = Awaited<ReturnType<typeof launchChromium>>;
const driver = path.join(repoRoot, 'test', 'fixtures', 'drivers', 'counting_driver.py');
const stage = (args: Record<string, unknown>): string => `{kind: python-script, script: ${JSON.stringify(driver)}, args: ${JSON.stringify(args)}}`;

describe('new run → live run', () => {
  let serve: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    serve = await startServe({ env: { NPU_WORKBENCH_PYTHON: '/usr/bin/python3' } });
    browser = await launchChromium();
    await browser.page.goto(serve.url);
    await browser.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('launches a run from the editor and follows its stages, progress, ETA and log to the end', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Create your first run' }).click();
    await page.getByRole('heading', { level: 1, name: 'New run' }).waitFor();
    await replaceEditorText(page, `{name: counting, target: rk3588, backend: sim, tags: [e2e], stages: [${stage({ steps: 25, delay: 0.2 })}, ${stage({ steps: 3 })}]}`);
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
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('warning on stderr');
    await log.getByText('2 matching lines').waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('re-runs from the second stage, keeping the first', async () => {
    const { page } = browser;
    const first = await page.getByLabel(/^Stage 1 /).locator('.muted.small').first().textContent();
    await page.getByLabel(/^Stage 2 /).getByRole('button', { name: 'Re-run from here' }).click();
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await page.locator('.page-header .status', { hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Stage 2 python-script: succeeded').waitFor();
    expect(await page.getByLabel(/^Stage 1 /).locator('.muted.small').first().textContent()).toBe(first);
  });

  it('cancels a running run and shows where it stopped', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Duplicate as new' }).click();
    await page.getByRole('heading', { level: 1, name: 'New run' }).getByText('New run').waitFor();
    await page.locator('.monaco-editor .view-lines').getByText('counting-copy').waitFor();
    await page.getByRole('button', { name: 'Diff against #1' }).click();
    await page.locator('.monaco-diff-editor').waitFor();
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await replaceEditorText(page, `{name: long, stages: [${stage({ steps: 1000, delay: 0.2 })}]}`);
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Run #2 long' }).waitFor();
    await page.getByLabel('Stage 1 python-script: running').waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('.page-header .status', { hasText: 'cancelled' }).waitFor();
    await page.getByLabel('Stage 1 python-script: cancelled').waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });
});
