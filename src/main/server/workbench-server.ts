import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { eventNames } from '../../shared/contract';
import { RENDERER_CSP } from '../renderer-csp';
import type { WorkbenchCore } from '../core/api/workbench-service';
import { toErrorBody } from '../core/errors/user-error';
import { allowedHostsFor, guardRequest, safeDecode, tokenCookieName } from './request-guard';
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
const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** A request the client got wrong: answered with `status` and a message, never a 500. */
class BadRequest extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The contract over HTTP (POST /api/invoke/<channel>) and WebSocket (/api/events), plus the built renderer. */
export async function startWorkbenchServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let allowed = new Set<string>();
  let port = 0;
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
    const verdict = guardRequest(req, token, allowed, port);
    if (!verdict.url) return sendJson(res, verdict.status, { code: 'failed', message: verdict.reason });
    const { pathname } = verdict.url;
    if (pathname.startsWith('/api/invoke/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { code: 'invalid_input', message: 'Use POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return sendJson(res, 415, { code: 'invalid_input', message: 'Send application/json' });
      const channel = safeDecode(pathname.slice('/api/invoke/'.length));
      if (channel === undefined) throw new BadRequest(400, `Bad percent-encoding in ${pathname}`);
      const body = await readJsonBody(req);
      try {
        const result = await options.core.dispatch(channel, body.input);
        return sendJson(res, 200, { result: result ?? null });
      } catch (error) {
        const err = toErrorBody(error);
        return sendJson(res, STATUS_OF[err.code], err);
      }
    }
    if (pathname.startsWith('/api/'))
      return sendJson(res, 404, { code: 'not_found', message: `No API at ${pathname}` });
    const decoded = safeDecode(pathname);
    if (decoded === undefined) throw new BadRequest(400, `Bad percent-encoding in ${pathname}`);
    const cookie: Record<string, string> = verdict.viaQuery
      ? { 'set-cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` }
      : {};
    serveStatic(rendererDir, decoded, res, { ...securityHeaders, ...cookie });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BadRequest)
        return sendJson(res, error.status, { code: 'invalid_input', message: error.message });
      sendJson(res, 500, toErrorBody(error));
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Anything thrown here would escape to the process (there is no response object to answer with).
    try {
      const verdict = guardRequest(req, token, allowed, port);
      const status = verdict.url && verdict.url.pathname !== '/api/events' ? 404 : verdict.status;
      if (status !== 200) {
        socket.end(`HTTP/1.1 ${status} ${REASON[status]}\r\nConnection: close\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch {
      socket.destroy();
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const offBus = options.core.bus.onAny((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  }, eventNames);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
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

/** The request body as a JSON object: 413 past MAX_BODY (the rest is drained, not reset), 400 when not an object. */
function readJsonBody(req: IncomingMessage): Promise<{ input?: unknown }> {
  return new Promise((resolve, reject) => {
    const tooLarge = new BadRequest(413, `Request body over ${MAX_BODY} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return reject(tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      const wasOver = size > MAX_BODY;
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (!wasOver) {
        chunks.length = 0;
        reject(tooLarge);
      }
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      let body: unknown = {};
      try {
        if (chunks.length) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reject(new BadRequest(400, 'Request body is not valid JSON'));
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return reject(new BadRequest(400, 'Request body must be a JSON object like {"input": ...}'));
      resolve(body as { input?: unknown });
    });
    req.on('error', reject);
  });
}
