import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_CSP } from '../renderer-csp';
import { APP_SCHEME, resolveAppRequest } from './app-url';

/** Must run before the app is ready: app:// gets an origin, secure-context APIs and fetch(). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves out/renderer on app://workbench/ with the renderer CSP on every response. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(rendererDir, request.url);
    if ('status' in resolved) return new Response(null, { status: resolved.status });
    try {
      const body = await readFile(resolved.file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': resolved.contentType,
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
