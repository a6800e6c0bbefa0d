import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAdbSetup, REAL_ADB, startFakeAdb } from '../test/fakes/fake-adb-harness';
import { FakeBoard } from '../test/fakes/fake-board';
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
  /** One call of the contract on the serve process, as the page makes it. */
  const invoke = (channel: string, input: unknown): Promise<Response> =>
    fetch(`${serve.origin}/api/invoke/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serve.token}` },
      body: JSON.stringify({ input }),
    });
  beforeAll(async () => {
    adb = await startFakeAdb([
      linuxRk3588('OLD1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }),
      unauthorizedBoard('UNAUTH1'),
    ]);
    serve = await startServe({ env: { NPU_WORKBENCH_PYTHON: '/usr/bin/python3' } });
    const res = await invoke('settings:update', {
      adbPath: REAL_ADB,
      adbServerPort: adb.port,
      vendorRuntimeDirs: [fakeRknpu2Runtime(mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-runtime-')))],
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

  it('leaves no ghost card after a connect that fails half-way, and shows the error once', async () => {
    const { page } = browser;
    // Real adb answers "failed to authenticate" and keeps the address listed as offline; the workbench drops it.
    adb.server.halfOpen.add('10.0.0.12:5555');
    await page.getByLabel('Network board (adb over TCP)').fill('10.0.0.12');
    await page.getByRole('button', { name: 'Connect' }).click();
    const form = page.getByRole('form', { name: 'Connect a network board' });
    await form.getByRole('status').getByText('failed to authenticate to 10.0.0.12:5555').waitFor();
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const devices = page.getByRole('list', { name: 'Devices' });
    await devices.getByText('OLD1').waitFor();
    expect(await devices.getByText('10.0.0.12:5555').count()).toBe(0);
    expect(await page.getByText(/failed to authenticate/).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('explains an offline network board and offers Disconnect, which removes it', async () => {
    const { page } = browser;
    const gone = new FakeBoard({ serial: '10.0.0.13:5555', state: 'offline', os: 'linux' });
    adb.server.attach(gone);
    const card = page.getByRole('list', { name: 'Devices' }).getByRole('listitem').filter({ hasText: '10.0.0.13' });
    await card.getByText(/the board does not answer .*Disconnect removes it/).waitFor();
    expect(await card.getByRole('button', { name: 'Probe' }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Disconnect' }).click();
    await card.waitFor({ state: 'detached' });
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

  it('asks for the runtime folder when none is found, checks the path, and remembers the folder that worked', async () => {
    const { page } = browser;
    // No configured folder, no rknn-toolkit2 in this Python, no clone in $HOME: nothing to find.
    expect((await invoke('settings:update', { vendorRuntimeDirs: [] })).status).toBe(200);
    adb.server.attach(linuxRk3588('OLD2', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }));
    await page.getByRole('listitem').filter({ hasText: 'OLD2' }).getByRole('button', { name: 'Probe' }).click();
    const detail = page.getByRole('region', { name: 'Board OLD2' });
    await detail.getByRole('list', { name: 'Board problems' }).waitFor();
    await detail.getByRole('button', { name: /Fix runtime/ }).click();
    const prompt = detail.getByRole('form', { name: 'Runtime folder' });
    await prompt
      .getByText(/No rknn-toolkit2 runtime folder \(rknpu2\/runtime\) was found/)
      .waitFor({ timeout: 60_000 });
    // Browser mode: a typed path (no folder picker), its shape checked here, its content by main.
    expect(await prompt.getByRole('button', { name: 'Choose folder…' }).count()).toBe(0);
    const field = prompt.getByLabel(/rknn-toolkit2 runtime folder/);
    await field.fill('rknpu2/runtime');
    await prompt.getByRole('button', { name: 'Fix runtime from this folder' }).click();
    await prompt.getByText('Enter the full path of the folder (it starts with / or ~).').waitFor();
    await field.fill('/nonexistent/rknpu2/runtime');
    await prompt.getByRole('button', { name: 'Fix runtime from this folder' }).click();
    await prompt.getByText('/nonexistent/rknpu2/runtime: runtime folder not found').waitFor({ timeout: 60_000 });
    expect(await page.getByText('/nonexistent/rknpu2/runtime: runtime folder not found').count()).toBe(1);
    const runtime = fakeRknpu2Runtime(mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-picked-')));
    await field.fill(runtime);
    await prompt.getByRole('button', { name: 'Fix runtime from this folder' }).click();
    await detail
      .getByRole('list', { name: 'What the fix did' })
      .getByText(/restarted rknn_server/)
      .waitFor({ timeout: 60_000 });
    expect(await prompt.count()).toBe(0);
    const settings = (await (await invoke('settings:get', null)).json()) as { result: { vendorRuntimeDirs: string[] } };
    expect(settings.result.vendorRuntimeDirs).toEqual([runtime]);
    // The two refused fixes answered 4xx, which Chromium logs as failed resources; nothing else may be logged.
    const failedCall = /^Failed to load resource: the server responded with a status of 4\d\d/;
    expect(browser.consoleErrors.filter((e) => !failedCall.test(e))).toEqual([]);
    browser.consoleErrors.length = 0;
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
