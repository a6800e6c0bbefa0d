import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from './serve-process';

/**
 * Runs the shipped example (resources/demo/example-ap-table.yaml) through the real CLI into a fresh
 * workspace, on fewer images so the e2e stays within minutes: the same stages, variants and runtimes.
 */
export function seedExampleRun(images = 40): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-example-'));
  const config = YAML.parse(readFileSync(path.join(repoRoot, 'resources/demo/example-ap-table.yaml'), 'utf8')) as {
    stages: Record<string, unknown>[];
  };
  for (const stage of config.stages)
    if (stage.kind === 'eval') stage.limit = images;
    else if (stage.kind === 'rknn-eval')
      Object.assign(stage, { limit: images, calibration: { images: 'demo', count: 8 } });
    else Object.assign(stage, { evalCount: images, calibCount: 8, analysisCount: 2, candidates: 2 });
  const file = path.join(workspace, 'example.yaml');
  writeFileSync(file, YAML.stringify(config));
  const out = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/npu-workbench.mjs'), 'run', file, '--workspace', workspace],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 900_000,
    },
  );
  if (out.status !== 0) throw new Error(`example run failed (${out.status}): ${out.stdout}\n${out.stderr}`);
  return workspace;
}
