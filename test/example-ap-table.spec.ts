import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { FAKE_RKNN_PATH } from './fakes/fake-toolchains';
import { repoRoot, runCli } from './support/run-cli';
import { SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

const IMAGES = 12;
let file: string;

/**
 * The shipped example's fp32 reference and its two conditional rknn-eval stages (`when: { toolkit: rknn }`), as
 * shipped but on 12 images; the analyse stages are left out (the e2e ap-ledger spec runs them).
 */
beforeAll(() => {
  const config = YAML.parse(readFileSync(path.join(repoRoot, 'resources/demo/example-ap-table.yaml'), 'utf8')) as {
    stages: Record<string, unknown>[];
  };
  config.stages = config.stages.filter((s) => s.kind === 'eval' || s.kind === 'rknn-eval');
  for (const stage of config.stages)
    if (stage.kind === 'eval') stage.limit = IMAGES;
    else Object.assign(stage, { limit: IMAGES, calibration: { images: 'demo', count: 4 } });
  file = path.join(tempDir('example-ap-table-'), 'example.yaml');
  writeFileSync(file, YAML.stringify(config));
});

describe('the shipped example AP table, with and without rknn-toolkit2', () => {
  it('with the (fake) toolkit importable, the rknn-eval stages fill the rknn simulator column', () => {
    const ws = tempDir();
    const env = { NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON, PYTHONPATH: FAKE_RKNN_PATH };
    const run = runCli(['run', file, '--workspace', ws], env);
    expect(run.stderr).not.toMatch(/skipped/);
    expect(run.code).toBe(0);
    const compare = runCli(['runs', 'compare', '1', '--json', '--workspace', ws], env);
    const rows = (JSON.parse(compare.stdout) as { rows: { variant: string; runtime: string; map: number }[] }).rows;
    const rknn = rows.filter((r) => r.runtime === 'rknn-sim');
    expect(rknn.map((r) => r.variant).sort()).toEqual(['hybrid', 'w8a8']);
    for (const r of rknn) expect(r.map).toBeGreaterThanOrEqual(0);
    const table = runCli(['ap-table', '1', '--workspace', ws], env);
    expect(table.stdout).toMatch(/VARIANT\s+HOST ONNXRUNTIME\s+RKNN SIMULATOR/);
    const w8a8 = rknn.find((r) => r.variant === 'w8a8')!;
    expect(table.stdout).toMatch(new RegExp(`\\nw8a8\\s+${w8a8.map.toFixed(3)} \\(`));
  }, 600_000);

  it('without it, the run succeeds with those stages skipped and says why (run and runs show)', () => {
    const ws = tempDir();
    const env = { NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON, PYTHONPATH: '' };
    const run = runCli(['run', file, '--workspace', ws], env);
    expect(run.code).toBe(0);
    const reason = `rknn-toolkit2 is not installed in ${SYSTEM_PYTHON}; install it to get the rknn simulator column`;
    expect(run.stderr).toContain(`Stage 2 (rknn-eval) skipped: ${reason}`);
    expect(run.stderr).toContain(`Stage 3 (rknn-eval) skipped: ${reason}`);
    expect(run.stdout).toContain('Run 1 succeeded');
    const show = runCli(['runs', 'show', '1', '--workspace', ws], env);
    expect(show.stdout).toContain(`2. rknn-eval        skipped — ${reason}`);
    const compare = JSON.parse(runCli(['runs', 'compare', '1', '--json', '--workspace', ws], env).stdout) as {
      rows: { runtime: string }[];
    };
    expect(compare.rows.map((r) => r.runtime)).toEqual(['host-ort']);
  }, 300_000);
});
