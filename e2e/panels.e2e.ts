import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAdbSetup, REAL_ADB, startFakeAdb } from '../test/fakes/fake-adb-harness';
import { linuxRk3588, unauthorizedBoard } from '../test/fakes/fake-boards';
import { fakeRknpu2Runtime } from '../test/fakes/fake-rknn-sdk';
import { launchChromium } from './support/chromium';
import { saveScreenshot } from './support/screenshots';
import { type ServeProcess, startServe } from './support/serve-process';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

describe('board and toolchains panels against the fake adb board and the real doctor', () => {
  let adb: FakeAdbSetup;
  let serve: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    adb = await startFakeAdb([
      linuxRk3588('OLD1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }),
      unauthorizedBoard('UNAUTH1'),
    ]);
    serve = await startServe({ env: { NPU_WORKBENCH_PYTHON: '/usr/bin/python3' } });
    const res = await fetch(`${serve.origin}/api/invoke/settings:update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serve.token}` },
      body: JSON.stringify({
        input: {
          adbPath: REAL_ADB,
          adbServerPort: adb.port,
          vendorRuntimeDirs: [fakeRknpu2Runtime(mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-runtime-')))],
        },
      }),
    });
    expect(res.status).toBe(200);
    browser = await launchChromium();
    await browser.page.goto(serve.url);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await adb?.stop();
  });

  it('lists the boards, explains the unauthorized one, and reports a failed connect next to the form', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
    const devices = page.getByRole('list', { name: 'Devices' });
    await devices.getByText('ROCK_5B').waitFor();
    await devices.getByText(/Allow USB debugging/).waitFor();
    await page.getByLabel('Network board (adb over TCP)').fill('127.0.0.1:1');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page
      .getByRole('form', { name: 'Connect a network board' })
      .getByRole('status')
      .getByText(/failed to connect/)
      .waitFor();
    expect(await page.locator('.connect-form [role=status]').getAttribute('class')).toContain('sev-bad');
  });

  it('probes the board, shows the doctor problems and fixes the runtime in one click', async () => {
    const { page } = browser;
    await page.getByRole('listitem').filter({ hasText: 'OLD1' }).getByRole('button', { name: 'Probe' }).click();
    const detail = page.getByRole('region', { name: 'Board OLD1' });
    await detail.getByRole('table', { name: 'Probe of OLD1' }).getByText('rk3588').waitFor();
    const problems = detail.getByRole('list', { name: 'Board problems' });
    await problems
      .getByText(/rknn_server/)
      .first()
      .waitFor();
    await saveScreenshot(page, 'board');
    await detail.getByRole('button', { name: /Fix runtime/ }).click();
    await detail
      .getByRole('list', { name: 'What the fix did' })
      .getByText(/restarted rknn_server/)
      .waitFor({ timeout: 60_000 });
    await detail
      .getByRole('table', { name: 'Probe of OLD1' })
      .getByText(/2\.3\.2 — \/usr\/bin\/rknn_server, running/)
      .waitFor();
    expect(await detail.locator('.problem-error').count()).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows the toolchain doctor with the interpreters it found and their packages', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Toolchains' }).click();
    const interpreters = page.getByRole('table', { name: 'Python interpreters' });
    await interpreters.getByText('/usr/bin/python3').first().waitFor({ timeout: 60_000 });
    await page.getByRole('list', { name: 'Doctor checks' }).locator('li').first().waitFor();
    await page.getByRole('table', { name: 'Vendor tools' }).waitFor();
    await saveScreenshot(page, 'toolchains');
    expect(browser.consoleErrors).toEqual([]);
  });
});
