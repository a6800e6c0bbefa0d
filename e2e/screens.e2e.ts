import { describe, expect, it } from 'vitest';
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
    expect(await page.locator('.runs-head').textContent()).toMatch(/Name.*Status.*AP int8.*Created/);
    expect(await row.textContent()).toMatch(/analyse demo-yolov8\.onnx w8a8.*succeeded.*0\.000/);
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
});
