import path from 'node:path';
import { RENDERER_MIME } from '../renderer-csp';

/**
 * The window loads the built renderer from app://workbench/ instead of file://. file:// pages have an opaque
 * origin, so module scripts, `new Worker(new URL(…, import.meta.url))` (Monaco, monaco-yaml, elk) and 'self'
 * in the CSP all depend on Chromium's file:// exceptions; a privileged standard scheme is a real origin.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://workbench`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export type AppResolution = { file: string; contentType: string } | { status: 400 | 403 | 404 };

/** Maps an app:// URL to a file of the renderer build; nothing outside `rendererDir` is ever reachable. */
export function resolveAppRequest(rendererDir: string, url: string): AppResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400 };
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return { status: 404 };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400 };
  }
  // Encoded separators and NULs are never part of a build file name: refuse rather than normalise them.
  if (relative.includes('\0') || relative.includes('\\')) return { status: 400 };
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) return { status: 403 };
  return { file, contentType: RENDERER_MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
