import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { eventNames } from '../../shared/contract';
import { RENDERER_CSP } from '../../shared/renderer-csp';
import type { WorkbenchCore } from '../core/api/workbench-service';
import { toErrorBody } from '../core/errors/user-error';
import { allowedHostsFor, guardRequest, TOKEN_COOKIE } from './request-guard';
import { serveStatic } from './static-files';

export interface ServerOptions {
  core: WorkbenchCore;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;
const STATUS_OF = { invalid_input: 400, not_found: 404, conflict: 409, failed: 500 } as const;

/** The contract over HTTP (POST /api/invoke/<channel>) and WebSocket (/api/events), plus the built renderer. */
export async function startWorkbenchServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let allowed = new Set<string>();
  const securityHeaders = {
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, {
      ...securityHeaders,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const verdict = guardRequest(req, token, allowed);
    if (verdict.status !== 200) return sendJson(res, verdict.status, { code: 'failed', message: verdict.reason });
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname.startsWith('/api/invoke/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { code: 'invalid_input', message: 'Use POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return sendJson(res, 415, { code: 'invalid_input', message: 'Send application/json' });
      const channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      let body: unknown;
      try {
        body = await readJsonBody(req);
      } catch (error) {
        return sendJson(res, 400, { code: 'invalid_input', message: (error as Error).message });
      }
      try {
        const result = await options.core.dispatch(channel, (body as { input?: unknown }).input);
        return sendJson(res, 200, { result: result ?? null });
      } catch (error) {
        const err = toErrorBody(error);
        return sendJson(res, STATUS_OF[err.code], err);
      }
    }
    if (url.pathname.startsWith('/api/'))
      return sendJson(res, 404, { code: 'not_found', message: `No API at ${url.pathname}` });
    const cookie: Record<string, string> = verdict.viaQuery
      ? { 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` }
      : {};
    serveStatic(rendererDir, url.pathname, res, { ...securityHeaders, ...cookie });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => sendJson(res, 500, toErrorBody(error)));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const verdict = guardRequest(req, token, allowed);
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (verdict.status !== 200 || url.pathname !== '/api/events') {
      socket.end(
        `HTTP/1.1 ${verdict.status === 200 ? 404 : verdict.status} ${verdict.status === 403 ? 'Forbidden' : verdict.status === 401 ? 'Unauthorized' : 'Not Found'}\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const offBus = options.core.bus.onAny((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  }, eventNames);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostsFor(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      offBus();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error(`Request body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
      } catch {
        reject(new Error('Request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}
