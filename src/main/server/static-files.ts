import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { RENDERER_MIME } from '../renderer-csp';

/**
 * Serves a file of the built renderer (`decoded` is the already percent-decoded URL path); paths cannot leave
 * `root`. Unknown paths get index.html (client routing).
 */
export function serveStatic(root: string, decoded: string, res: ServerResponse, headers: Record<string, string>): void {
  const candidate = path.resolve(root, `.${decoded}`);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const file =
    inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : path.join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The renderer is not built (${root} has no index.html). Run \`npm run build\` first.\n`);
    return;
  }
  const ext = path.extname(file);
  res.writeHead(200, {
    ...headers,
    'content-type': RENDERER_MIME[ext] ?? 'application/octet-stream',
    'cache-control': ext === '.html' ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}
