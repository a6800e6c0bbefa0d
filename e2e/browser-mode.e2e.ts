import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { type ServeProcess, startServe } from './support/serve-process';

/** Raw HTTP so the test controls Host and Origin headers exactly (fetch forbids setting Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode (npu-workbench serve)', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('prints exactly one ready line with a loopback URL and a token', () => {
    expect(serve.stdoutLines.filter((l) => l.startsWith('Workbench ready:'))).toHaveLength(1);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
  });

  it('refuses requests without the token (401) and with a foreign Host or Origin (403)', async () => {
    const host = new URL(serve.origin).host;
    expect(await rawGet(`${serve.origin}/`, { host })).toBe(401);
    expect(await rawGet(`${serve.origin}/?token=wrong`, { host })).toBe(401);
    expect(
      await rawGet(`${serve.origin}/?token=${serve.token}`, { host: `evil.example:${new URL(serve.origin).port}` }),
    ).toBe(403);
    expect(await rawGet(`${serve.origin}/?token=${serve.token}`, { host, origin: 'http://evil.example' })).toBe(403);
    expect(await rawGet(`${serve.origin}/?token=${serve.token}`, { host })).toBe(200);
    const noToken = await fetch(`${serve.origin}/api/invoke/runs:list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
  });

  it('answers contract calls with the token and rejects invalid input with 400', async () => {
    const call = (channel: string, input: unknown) =>
      fetch(`${serve.origin}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${serve.token}` },
        body: JSON.stringify({ input }),
      });
    const ok = await call('runs:list', {});
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { total: number } }).result.total).toBe(0);
    const bad = await call('runs:list', { limit: -3 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/limit/);
    expect((await call('no:such', {})).status).toBe(400);
  });

  it('loads the app in Chromium with the token and shows the runs page', async () => {
    const browser = await launchChromium();
    try {
      await browser.page.goto(serve.url);
      await browser.page.getByRole('heading', { name: /runs/i }).first().waitFor({ timeout: 30_000 });
      expect(browser.page.url()).not.toContain('token=');
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
