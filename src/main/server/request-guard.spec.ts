import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedHostsFor, guardRequest, readCookie, tokenCookieName } from './request-guard';

const req = (url: string, headers: Record<string, string>): IncomingMessage =>
  ({ url, headers }) as unknown as IncomingMessage;
const allowed = allowedHostsFor('127.0.0.1', 4000);
const TOKEN = 'secret-token-123';

describe('guardRequest', () => {
  it('accepts the token from the query, a bearer header or the cookie', () => {
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000' }), TOKEN, allowed, 4000)).toMatchObject({
      status: 200,
      viaQuery: true,
    });
    expect(
      guardRequest(
        req('/api/invoke/runs:list', { host: 'localhost:4000', authorization: `Bearer ${TOKEN}` }),
        TOKEN,
        allowed,
        4000,
      ).status,
    ).toBe(200);
    expect(
      guardRequest(
        req('/assets/x.js', { host: '127.0.0.1:4000', cookie: `a=b; ${tokenCookieName(4000)}=${TOKEN}` }),
        TOKEN,
        allowed,
        4000,
      ).status,
    ).toBe(200);
  });

  it('answers 401 without the right token and 403 for foreign hosts or origins', () => {
    expect(guardRequest(req('/', { host: '127.0.0.1:4000' }), TOKEN, allowed, 4000).status).toBe(401);
    expect(guardRequest(req('/?token=secret-token-124', { host: '127.0.0.1:4000' }), TOKEN, allowed, 4000).status).toBe(
      401,
    );
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: 'attacker.example:4000' }), TOKEN, allowed, 4000).status).toBe(
      403,
    );
    expect(guardRequest(req(`/?token=${TOKEN}`, { host: '127.0.0.1:4001' }), TOKEN, allowed, 4000).status).toBe(403);
    expect(
      guardRequest(
        req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000', origin: 'http://attacker.example' }),
        TOKEN,
        allowed,
        4000,
      ).status,
    ).toBe(403);
    expect(
      guardRequest(
        req(`/?token=${TOKEN}`, { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }),
        TOKEN,
        allowed,
        4000,
      ).status,
    ).toBe(200);
  });

  it('reads cookies', () => {
    expect(readCookie('a=1; b=x%3Dy', 'b')).toBe('x=y');
    expect(readCookie(undefined, 'b')).toBeUndefined();
    expect(readCookie('b=%E0%A4%A', 'b')).toBeUndefined();
  });

  it('answers 400 for request targets that are not paths, and ignores the cookie of another port', () => {
    for (const target of ['//[', '*', 'http://127.0.0.1:4000/'])
      expect(guardRequest(req(target, { host: '127.0.0.1:4000' }), TOKEN, allowed, 4000).status).toBe(400);
    const other = { host: '127.0.0.1:4000', cookie: `${tokenCookieName(4001)}=${TOKEN}` };
    expect(guardRequest(req('/', other), TOKEN, allowed, 4000).status).toBe(401);
  });
});
