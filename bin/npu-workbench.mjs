#!/usr/bin/env node
// Launcher: needs Node >= 22 (better-sqlite3 and execa); re-runs itself with the project's pinned
// Node when started by an older one, then loads the TypeScript CLI through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const pinned = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `npu-workbench: Node ${process.versions.node} is too old (need >= 22). Run \`npm ci\` to install the pinned Node, or use Node 22+.\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import(pathToFileURL(path.join(root, 'src', 'main', 'cli', 'index.ts')).href);
process.exitCode = await main(process.argv);
