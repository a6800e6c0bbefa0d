#!/usr/bin/env node
// Launcher: needs Node >= 22 (better-sqlite3 and execa). Started by an older Node, it re-runs itself under the
// project's pinned Node as a child that it never orphans: signals are forwarded, and the child exits when the
// launcher dies (even by SIGKILL: the IPC channel closes). Runs the built CLI (out/cli, `npm run build`) when
// it is at least as new as every source file, else (or with NPU_WORKBENCH_FROM_SOURCE=1) compiles the
// TypeScript at run time through tsx.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) reRunUnderPinnedNode();
else {
  if (process.channel && process.env.NPU_WORKBENCH_LAUNCHER_CHILD === '1') exitWithParent();
  const { main } = await import(await cliEntry());
  process.exitCode = await main(process.argv);
}

function reRunUnderPinnedNode() {
  const pinned = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `npu-workbench: Node ${process.versions.node} is too old (need >= 22). ` +
        'Run `npm ci` to install the pinned Node, or use Node 22+.\n',
    );
    process.exit(1);
  }
  // Own process group: a terminal's Ctrl-C reaches the child once, through the forwarding below.
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: process.platform !== 'win32',
    env: { ...process.env, NPU_WORKBENCH_LAUNCHER_CHILD: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`npu-workbench: cannot start ${pinned}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
}

/** In the launcher's child: when the launcher goes away, stop as if interrupted (commands cancel on SIGINT). */
function exitWithParent() {
  process.channel.unref();
  process.once('disconnect', () => {
    setTimeout(() => process.exit(130), 5000).unref();
    process.kill(process.pid, 'SIGINT');
  });
}

async function cliEntry() {
  const built = path.join(root, 'out', 'cli', 'index.mjs');
  const fromSource = process.env.NPU_WORKBENCH_FROM_SOURCE === '1';
  if (!fromSource && existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
    nodeModule.enableCompileCache?.(); // V8 keeps the compiled bundle on disk (os.tmpdir()) between runs
    return pathToFileURL(built).href;
  }
  const { register } = await import('tsx/esm/api');
  register();
  return pathToFileURL(path.join(root, 'src', 'main', 'cli', 'index.ts')).href;
}

/** The newest modification time under the sources the CLI bundles (a stale build must never run). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['src/main', 'src/shared']) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return newest;
}
