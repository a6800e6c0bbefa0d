import { describe, expect, it } from 'vitest';
import { editorLines, replaceEditorText, startStageList, typeLine } from './support/editor';
import { saveScreenshot } from './support/screenshots';
import { seedBrokenInt8Workspace } from './support/seed-broken-int8';
import { useWorkbench } from './support/workbench-session';

describe('screens on the broken-int8 demo workspace', () => {
  const wb = useWorkbench(async () => ({ workspace: (await seedBrokenInt8Workspace()).workspace }));

  it('runs home fits 1280 px with name, AP, status and date visible and says what to do next', async () => {
    const { page } = wb.browser;
    const row = page.getByRole('grid', { name: 'Runs' }).getByRole('row').first();
    await row.locator('.status', { hasText: 'succeeded' }).waitFor();
    const table = page.locator('.runs-table');
    const overflow = await table.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const right = (await table.boundingBox())!;
    for (const cell of await row.getByRole('gridcell').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(right.x + right.width);
    }
    expect(await page.locator('.runs-head').textContent()).toMatch(/Name.*Status.*AP \(ships\).*Created/);
    expect(await row.textContent()).toMatch(/analyse demo-yolov8\.onnx w8a8.*succeeded.*\d\.\d{3}.*\d+:\d\d$/);
    const next = page.getByRole('complementary', { name: 'Next steps' });
    await next.getByRole('link', { name: 'Accuracy' }).waitFor();
    await saveScreenshot(page, 'runs-first-analysis');
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('Settings has every CLI setting, rejects a path that does not exist at its field, and saves', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/settings?field=adbPath`);
    const adb = page.getByLabel('adb (adbPath)');
    await adb.waitFor();
    expect(await adb.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    for (const label of [
      'Python interpreter (pythonPath)',
      'adb server port (adbServerPort)',
      'Vendor runtime folders (vendorRuntimeDirs)',
      'Threads (threads)',
      'Theme (theme)',
    ])
      await page.getByLabel(label).waitFor();
    await page.getByLabel('Python interpreter (pythonPath)').fill('/usr/bin/python3');
    await page
      .getByRole('status')
      .getByText(/Python 3\.\d+.*torch \d/)
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('adb server port (adbServerPort)').fill('99999');
    await page.getByText('A port is a whole number 1–65535.').waitFor();
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    await page.getByLabel('adb server port (adbServerPort)').fill('5038');
    await adb.fill('/nonexistent/adb');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const alert = page.locator('.setting.linked').getByRole('alert');
    await alert.getByText('Settings › adbPath: /nonexistent/adb does not exist').waitFor();
    // The message's "Settings › adbPath" is itself a link to the field.
    expect(await alert.getByRole('link', { name: 'Settings › adbPath' }).getAttribute('href')).toBe(
      '#/settings?field=adbPath',
    );
    await adb.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const saved = JSON.parse(
      await page.evaluate(
        async (token) =>
          (
            await fetch('/api/invoke/settings:get', {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: '{}',
            })
          ).text(),
        wb.serve.token,
      ),
    );
    expect(saved.result).toMatchObject({ pythonPath: '/usr/bin/python3', adbServerPort: 5038, adbPath: '' });
    await saveScreenshot(page, 'settings');
    // The one rejected save is the only error: Chromium logs the API's 400 answer to it.
    expect(wb.browser.consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    wb.browser.consoleErrors.length = 0;
  });

  it('New run starts from a workflow template and checks as you type in plain words', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/new`);
    const lines = page.locator('.monaco-editor .view-lines');
    await lines.getByText('kind: analyse').waitFor();
    const template = page.getByLabel('Template');
    expect(await template.inputValue()).toBe('int8');
    expect((await template.locator('option').allTextContents()).length).toBe(5);
    // The demo-based template is valid as it is, files included, without pressing Check first.
    await page.getByText('The config is valid.').waitFor();
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('The config is valid.').waitFor();
    // The form edits the stage's own option, not a top-level key no stage reads.
    await page.getByRole('group', { name: 'Run basics' }).getByLabel('Calibration images').fill('calib-folder');
    await lines.getByText('calib: calib-folder').waitFor();
    await template.selectOption('rknn');
    await lines.getByText('kind: rknn-hybrid').waitFor();
    // Live: a typo target and a missing option show up without Check, numbered like the lines (stage 1).
    await replaceEditorText(page, '{name: t, target: rk3599, backend: rknn, stages: [{kind: analyse, model: demo}]}');
    const problems = page.getByRole('alert', { name: 'Config problems' });
    await problems.getByText(/rk3599 is not a platform the rknn toolkit knows; it builds for rv1103/).waitFor();
    await problems.getByText(/stage 1 › calib\s*calib is required/).waitFor();
    expect(await problems.textContent()).not.toMatch(/expected|received|stages\.0/);
    await saveScreenshot(page, 'new-run-checks');
    // A folder that does not exist passes the schema but not Check (before any run starts).
    await replaceEditorText(
      page,
      '{name: t, target: rk3588, backend: rknn, stages: [{kind: analyse, model: demo, calib: nope}]}',
    );
    await page.getByText('The config is valid.').waitFor();
    await page.getByRole('button', { name: 'Launch run' }).click();
    await problems.getByText(/stage 1 › calib\s*calibration folder nope does not exist \(looked for /).waitFor();
    expect(page.url()).toContain('#/new');
    // Completion after "- " lists every stage kind, vendor ones included, without a console error.
    await startStageList(page, 'x');
    await page.keyboard.insertText('- ');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await suggest.waitFor();
    await page.keyboard.insertText('kind: ');
    await page.keyboard.press('Control+Space');
    for (const kind of ['convert-rknn', 'convert-atc', 'convert-trt', 'analyse'])
      await suggest.getByText(kind, { exact: true }).first().waitFor();
    await page.keyboard.press('Escape');
    expect(wb.browser.consoleErrors).toEqual([]);
  });

  it('New run: Enter indents like YAML, under the key of a list item and one level deeper after a colon', async () => {
    const { page } = wb.browser;
    await page.goto(`${wb.serve.origin}/#/new`);
    await page.locator('.monaco-editor .view-lines').getByText('kind: analyse').waitFor();
    await replaceEditorText(page, 'name: x');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    for (const text of ['stages:', '- kind: eval', 'model: demo', 'options:']) await typeLine(page, text);
    await page.keyboard.insertText('deep: 1');
    await expect
      .poll(() => editorLines(page))
      .toEqual(['name: x', 'stages:', '  - kind: eval', '    model: demo', '    options:', '      deep: 1']);
    expect(wb.browser.consoleErrors).toEqual([]);
  });
});
