import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseJson } from './analyse-command';
import type { AnalysisSummary, RunSummary } from '../../../shared/contract';
import type { LayerError } from '../../../shared/contract/analysis-schemas';
import { cliArgs, runCli } from '../../../../test/support/run-cli';
import { tempDir } from '../../../../test/support/temp-workspace';
import { encodeOnnx } from '../../core/onnx/onnx-model';
import { seeded, tinyYoloHead } from '../../core/quant/tiny-head.fixture';
import { openWorkspace } from '../../core/workspace/workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../../core/api/workbench-service';

let dir: string;
let core: WorkbenchCore;
const head = tinyYoloHead(32);

beforeAll(async () => {
  dir = tempDir('npu-wb-analyse-');
  writeFileSync(path.join(dir, 'head.onnx'), encodeOnnx(head.model));
  mkdirSync(path.join(dir, 'calib'));
  for (let i = 0; i < 6; i++) {
    const rnd = seeded(100 + i);
    const px = Buffer.from(Array.from({ length: 40 * 48 * 3 }, () => Math.floor((rnd() + 1) * 127.5)));
    await sharp(px, { raw: { width: 48, height: 40, channels: 3 } })
      .png()
      .toFile(path.join(dir, 'calib', `im${i}.png`));
  }
  core = createWorkbenchCore(openWorkspace(path.join(dir, 'ws')), 'browser');
});

afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (extra = '') => `name: analyse tiny head
stages:
  - kind: analyse
    model: ${path.join(dir, 'head.onnx')}
    calib: ${path.join(dir, 'calib')}
    calibCount: 4
    analysisCount: 2
    algo: kl_divergence${extra}
`;

async function finished(created: RunSummary): Promise<RunSummary> {
  return core.runner.whenDone(created.id);
}

describe('analyse stage and analysis calls', () => {
  it('stores layer errors, artifacts and a summary; exports; re-runs with a keep-float set', async () => {
    const run = await finished((await core.dispatch('runs:create', { configText: config() })) as RunSummary);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const rows = (await core.dispatch('analysis:layerErrors', { id: run.id })) as LayerError[];
    expect(rows.map((r) => r.tensor)).toContain(head.concat);
    expect(rows.every((r) => r.source === 'sim')).toBe(true);
    const summary = (await core.dispatch('analysis:summary', { id: run.id })) as AnalysisSummary;
    expect(summary).toMatchObject({
      dtype: 'w8a8',
      algo: 'kl_divergence',
      method: 'channel',
      calibImages: 4,
      ap: null,
      proposal: null,
    });
    const kinds = core.workspace.artifacts.list(run.id).map((a) => a.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['qdq-model', 'error-analysis', 'model-explorer', 'analysis-summary']),
    );
    const table = (await core.dispatch('analysis:export', { id: run.id, format: 'rknn-table' })) as { text: string };
    expect(table.text).toContain(`[Sigmoid] ${head.sigmoid}`);
    const me = (await core.dispatch('analysis:export', {
      id: run.id,
      format: 'model-explorer',
      metric: 'cosSingle',
    })) as { text: string };
    expect(Object.keys(JSON.parse(me.text).results)).toContain(head.sigmoid);

    const child = await finished(
      (await core.dispatch('analysis:rerun', { id: run.id, keepFloat: [head.concat] })) as RunSummary,
    );
    expect(child.status, child.error ?? '').toBe('succeeded');
    expect(child.parentRunId).toBe(run.id);
    // A name that is not a tensor of the model is refused before any run is created.
    const before = core.workspace.runs.list().total;
    await expect(
      core.dispatch('analysis:rerun', { id: run.id, keepFloat: [head.concat, `${head.concat}x`] }),
    ).rejects.toThrow(new RegExp(`keep-float name is not a tensor of .*: ${head.concat}x \\(did you mean`));
    expect(core.workspace.runs.list().total).toBe(before);
    const childRows = (await core.dispatch('analysis:layerErrors', { id: child.id })) as LayerError[];
    expect(childRows.find((r) => r.tensor === head.concat)!.eucSingle).toBe(0);
    expect(core.workspace.artifacts.list(child.id).some((a) => a.kind === 'qdq-model')).toBe(true);
    const json = analyseJson(
      childRows,
      (await core.dispatch('analysis:summary', { id: child.id })) as AnalysisSummary,
      child.id,
    );
    expect(json.layers[0]).toEqual(expect.objectContaining({ tensor: 'images', op_type: 'Input', node: null }));
  });

  it('reports a missing calibration folder and an unknown dtype as user errors', async () => {
    const bad = await finished(
      (await core.dispatch('runs:create', {
        configText: config().replace(/calib: .*/, `calib: ${path.join(dir, 'nope')}`),
      })) as RunSummary,
    );
    expect(bad.status).toBe('failed');
    expect(bad.error).toContain('calibration folder not found');
    const typo = await finished(
      (await core.dispatch('runs:create', { configText: config('\n    keepFloat: [not_a_tensor]') })) as RunSummary,
    );
    expect(typo.status).toBe('failed');
    expect(typo.error).toMatch(/keep-float name is not a tensor of .*: not_a_tensor/);
    await expect(core.dispatch('runs:create', { configText: config('\n    dtype: w4a4') })).rejects.toThrow(/dtype/);
  });

  it('the CLI prints the documented JSON shape and stores the run', () => {
    const ws = path.join(dir, 'cli-ws');
    const analyse = (model: string, options: Record<string, string | boolean> = {}) =>
      runCli(cliArgs('analyse', { model, calib: path.join(dir, 'calib'), ...options, workspace: ws }));
    const out = analyse(path.join(dir, 'head.onnx'), {
      'calib-count': '3',
      'analysis-count': '1',
      dtype: 'w8a16',
      'pad-value': '0',
      channels: 'bgr',
      json: true,
    });
    expect(out.code, out.stderr).toBe(0);
    const doc = JSON.parse(out.stdout) as ReturnType<typeof analyseJson>;
    expect(Object.keys(doc)).toEqual(['run', 'layers', 'ap', 'proposal', 'seconds']);
    expect(Object.keys(doc.layers[1])).toEqual([
      'tensor',
      'op_type',
      'node',
      'cos_entire',
      'cos_single',
      'euc_entire',
      'euc_single',
    ]);
    expect(doc.seconds).toBeGreaterThan(0);
    expect(existsSync(path.join(ws, 'artifacts', `run-${doc.run}`, 'error_analysis.txt'))).toBe(true);
    expect(readFileSync(path.join(ws, 'artifacts', `run-${doc.run}`, 'analysis.json'), 'utf8')).toContain(
      '"dtype": "w8a16"',
    );
    // The pre-processing options are part of the stored run (its stage config), so a re-run feeds the same pixels.
    const shown = runCli(['runs', 'show', String(doc.run), '--json', '--workspace', ws]);
    expect(shown.stdout).toMatch(/preprocess[^}]*pad\W+0[^}]*channels\W+bgr/);
    const missing = analyse(path.join(dir, 'missing.onnx'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('missing.onnx');
  });
});
