import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'npu_wb_token';

/**
 * Decides whether a request may reach the workbench. 403 for a foreign Host (DNS rebinding) or Origin
 * (another site's page), 401 without the per-launch token (query, bearer header or the cookie set
 * when the page was opened with ?token=).
 */
export function guardRequest(
  req: IncomingMessage,
  token: string,
  allowedHosts: ReadonlySet<string>,
): { status: 200 | 401 | 403; reason?: string; viaQuery: boolean } {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) return { status: 403, reason: `Host "${host}" is not allowed`, viaQuery: false };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.has(originHost(origin)))
    return { status: 403, reason: `Origin "${origin}" is not allowed`, viaQuery: false };
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const fromQuery = url.searchParams.get('token');
  const auth = req.headers.authorization;
  const fromHeader = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  const fromCookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
  if (fromQuery !== null && sameSecret(fromQuery, token)) return { status: 200, viaQuery: true };
  if ((fromHeader && sameSecret(fromHeader, token)) || (fromCookie && sameSecret(fromCookie, token)))
    return { status: 200, viaQuery: false };
  return {
    status: 401,
    reason: 'Missing or wrong token: open the exact URL `npu-workbench serve` printed',
    viaQuery: false,
  };
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function allowedHostsFor(host: string, port: number): Set<string> {
  const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}
