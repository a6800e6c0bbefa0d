import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDir, tempWorkspace } from '../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../core/api/workbench-service';
import { type RunningServer, startWorkbenchServer } from './workbench-server';

let server: RunningServer | undefined;
let core: WorkbenchCore | undefined;
afterEach(async () => {
  await server?.close();
  await core?.close();
});

async function start(rendererDir = tempDir()): Promise<{ server: RunningServer; origin: string }> {
  core = createWorkbenchCore(tempWorkspace(), 'browser');
  server = await startWorkbenchServer({ core, rendererDir, port: 0 });
  return { server, origin: new URL(server.url).origin };
}

function get(url: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

/** Sends raw bytes (no client library fixing them up) and answers the status line, or 'closed' on a reset. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n')) socket.destroy();
    });
    socket.on('error', () => resolve('closed'));
    socket.on('close', () => resolve(got.split('\r\n')[0] || 'closed'));
  });
}

const upgrade = (target: string, headers: string): string =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`;

describe('workbench server', () => {
  it('binds to 127.0.0.1 with a fresh token per launch', async () => {
    const a = await start();
    expect(a.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const first = a.server.token;
    await a.server.close();
    await core?.close();
    const b = await start();
    expect(b.server.token).not.toBe(first);
  });

  it('serves the renderer with CSP, sets the token cookie, and never leaves the renderer folder', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<h1>app</h1>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'a.js'), 'export {}');
    writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'secret');
    const { server: s, origin } = await start(dir);
    const page = await get(s.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(String(page.headers['set-cookie'])).toMatch(/npu_wb_token_\d+=.*HttpOnly; SameSite=Strict/);
    const asset = await get(`${origin}/assets/a.js?token=${s.token}`);
    expect(asset).toMatchObject({ status: 200, body: 'export {}' });
    const escape = await get(`${origin}/..%2fsecret.txt?token=${s.token}`);
    expect(escape.body).not.toContain('secret');
  });

  it('explains an unbuilt renderer', async () => {
    const { server: s } = await start(path.join(tempDir(), 'missing'));
    const res = await get(s.url);
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/npm run build/);
  });

  it('streams contract events over the WebSocket to token holders only', async () => {
    const { server: s, origin } = await start();
    const wsUrl = `${origin.replace('http', 'ws')}/api/events`;
    const rejected = new WebSocket(wsUrl);
    const status = await new Promise<number>((resolve) =>
      rejected.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(-1)),
    );
    expect(status).toBe(401);
    const socket = new WebSocket(`${wsUrl}?token=${s.token}`);
    await new Promise((resolve) => socket.once('open', resolve));
    const received = new Promise<{ event: string; payload: { runIds: number[] } }>((resolve) =>
      socket.once('message', (d) => resolve(JSON.parse(String(d)))),
    );
    const res = await fetch(`${origin}/api/invoke/runs:create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ input: { configText: 'name: a\nstages:\n  - kind: env-snapshot\n', start: false } }),
    });
    expect(res.status).toBe(200);
    expect(await received).toEqual({ event: 'runs:changed', payload: { runIds: [1] } });
    socket.close();
  });

  it('rejects non-JSON bodies and wrong methods', async () => {
    const { server: s, origin } = await start();
    const headers = { authorization: `Bearer ${s.token}` };
    expect((await fetch(`${origin}/api/invoke/runs:list`, { method: 'GET', headers })).status).toBe(405);
    expect(
      (
        await fetch(`${origin}/api/invoke/runs:list`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await fetch(`${origin}/api/invoke/runs:list`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{oops',
        })
      ).status,
    ).toBe(400);
    const missing = await fetch(`${origin}/api/invoke/runs:get`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { id: 7 } }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found', message: 'Run 7 was not found' });
  });

  it(
    'fails closed on malformed cookies, targets, escapes and bodies, and keeps serving',
    { timeout: 20_000 },
    async () => {
      const { server: s, origin } = await start();
      const host = `Host: 127.0.0.1:${s.port}\r\n`;
      const badCookie = 'Cookie: npu_wb_token=%E0%A4%A\r\n';
      const fix = (t: string): string => t.replace('Host: 127.0.0.1\r\n', host);
      expect(await raw(s.port, fix(upgrade('/api/events', badCookie)))).toBe('HTTP/1.1 401 Unauthorized');
      expect(
        await raw(s.port, fix(upgrade(`/api/events?token=${s.token}`, `Cookie: npu_wb_token_${s.port}=%E0%A4%A\r\n`))),
      ).toBe('HTTP/1.1 101 Switching Protocols');
      expect(await raw(s.port, fix(upgrade('//[', '')))).toBe('HTTP/1.1 400 Bad Request');
      expect(await raw(s.port, `GET //[ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`)).toBe(
        'HTTP/1.1 400 Bad Request',
      );
      const json = { 'content-type': 'application/json', authorization: `Bearer ${s.token}` };
      const post = (channel: string, body: string, cookie = '') =>
        fetch(`${origin}/api/invoke/${channel}`, { method: 'POST', headers: { ...json, cookie }, body });
      expect((await post('runs:list', '{"input":{}}', `npu_wb_token_${s.port}=%E0%A4%A`)).status).toBe(200);
      expect((await post('runs:list', 'null')).status).toBe(400);
      expect((await post('runs:list', '[1]')).status).toBe(400);
      expect((await post('runs%E0%A4%A', '{}')).status).toBe(400);
      expect((await post('runs:list', `{"input":"${'x'.repeat(3 * 1024 * 1024)}"}`)).status).toBe(413);
      expect((await fetch(`${origin}/%E0%A4%A?token=${s.token}`)).status).toBe(400);
      expect((await post('runs:list', '{"input":{}}')).status).toBe(200);
    },
  );

  it('names the token cookie after the port, so two servers on one host keep their own', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<h1>app</h1>');
    const { server: s } = await start(dir);
    const page = await get(s.url);
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^npu_wb_token_${s.port}=`));
  });
});
