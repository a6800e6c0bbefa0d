import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** One cookie per port: two servers on one host (different ports) would otherwise overwrite each other's token. */
export const tokenCookieName = (port: number): string => `npu_wb_token_${port}`;

export interface GuardVerdict {
  status: 200 | 400 | 401 | 403;
  reason?: string;
  viaQuery: boolean;
  /** The parsed request target (only when status is 200). */
  url?: URL;
}

/**
 * Decides whether a request may reach the workbench. 400 for a request target that is not a path, 403 for a
 * foreign Host (DNS rebinding) or Origin (another site's page), 401 without the per-launch token (query, bearer
 * header or the cookie set when the page was opened with ?token=). Never throws: every input fails closed.
 */
export function guardRequest(
  req: IncomingMessage,
  token: string,
  allowedHosts: ReadonlySet<string>,
  port: number,
): GuardVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) return { status: 403, reason: `Host "${host}" is not allowed`, viaQuery: false };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.has(originHost(origin)))
    return { status: 403, reason: `Origin "${origin}" is not allowed`, viaQuery: false };
  const url = parseTarget(req.url);
  if (!url) return { status: 400, reason: 'The request target is not a valid path', viaQuery: false };
  const fromQuery = url.searchParams.get('token');
  const auth = req.headers.authorization;
  const fromHeader = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  const fromCookie = readCookie(req.headers.cookie, tokenCookieName(port));
  if (fromQuery !== null && sameSecret(fromQuery, token)) return { status: 200, viaQuery: true, url };
  if ((fromHeader && sameSecret(fromHeader, token)) || (fromCookie && sameSecret(fromCookie, token)))
    return { status: 200, viaQuery: false, url };
  return {
    status: 401,
    reason: 'Missing or wrong token: open the exact URL `npu-workbench serve` printed',
    viaQuery: false,
  };
}

/** A request target must be an origin-form path ("/..."); `//host`, `*` and garbage are refused. */
function parseTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://placeholder');
  } catch {
    return undefined;
  }
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

/** A cookie value that is not valid percent-encoding counts as absent (it cannot be the token). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return safeDecode(v.join('='));
  }
  return undefined;
}

/** decodeURIComponent that answers undefined instead of throwing URIError on a bad `%` escape. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
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
