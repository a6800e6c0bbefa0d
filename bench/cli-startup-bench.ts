// CLI start-up: `npu-workbench runs list --json` on an empty workspace through the launcher, with the built CLI
// (out/cli, built here first) against the same launcher compiling the TypeScript through tsx
// (NPU_WORKBENCH_FROM_SOURCE=1). Best of 5 each, runs interleaved so both see the same machine load.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './run-bench';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export default async function bench(): Promise<BenchCase[]> {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-bench-cli-'));
  const start = (fromSource: boolean): number => {
    const t0 = performance.now();
    execFileSync(process.execPath, [path.join(root, 'bin', 'npu-workbench.mjs'), 'runs', 'list', '--json'], {
      env: { ...process.env, NPU_WORKBENCH_WORKSPACE: workspace, NPU_WORKBENCH_FROM_SOURCE: fromSource ? '1' : '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return performance.now() - t0;
  };
  let built = Infinity;
  let source = Infinity;
  try {
    start(false); // warm the file cache and create the workspace
    for (let i = 0; i < 5; i++) {
      built = Math.min(built, start(false));
      source = Math.min(source, start(true));
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  return [{ name: 'CLI start-up, built (out/cli)', baseline: { label: 'tsx from source', ms: source }, ms: built }];
}
