import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedHostsFor, guardRequest, readCookie } from './request-guard';

const req = (url: string, headers: Record<string, string>): IncomingMessage =>
  ({ url, headers }) as unknown as IncomingMessage;
const allowed = allowedHostsFor('127.0.0.1', 4000);
const TOKEN = 'secret-token-123';

describe('guardRequest', () => {
  it('accepts the token from the query, a bearer header or the cookie', () => {
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000' }), TOKEN, allowed)).toMatchObject({
      status: 200,
      viaQuery: true,
    });
    expect(
      guardRequest(
        req('/api/invoke/runs:list', { host: 'localhost:4000', authorization: `Bearer ${TOKEN}` }),
        TOKEN,
        allowed,
      ).status,
    ).toBe(200);
    expect(
      guardRequest(
        req('/assets/x.js', { host: '127.0.0.1:4000', cookie: `a=b; npu_wb_token=${TOKEN}` }),
        TOKEN,
        allowed,
      ).status,
    ).toBe(200);
  });

  it('answers 401 without the right token and 403 for foreign hosts or origins', () => {
    expect(guardRequest(req('/', { host: '127.0.0.1:4000' }), TOKEN, allowed).status).toBe(401);
    expect(guardRequest(req('/?token=secret-token-124', { host: '127.0.0.1:4000' }), TOKEN, allowed).status).toBe(401);
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: 'attacker.example:4000' }), TOKEN, allowed).status).toBe(403);
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: '127.0.0.1:4001' }), TOKEN, allowed).status).toBe(403);
    expect(
      guardRequest(
        req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000', origin: 'http://attacker.example' }),
        TOKEN,
        allowed,
      ).status,
    ).toBe(403);
    expect(
      guardRequest(req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), TOKEN, allowed)
        .status,
    ).toBe(200);
  });

  it('reads cookies', () => {
    expect(readCookie('a=1; b=x%3Dy', 'b')).toBe('x=y');
    expect(readCookie(undefined, 'b')).toBeUndefined();
  });
});
