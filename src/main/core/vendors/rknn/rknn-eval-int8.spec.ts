import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_RKNN_PATH } from '../../../../../test/fakes/fake-toolchains';
import { useTempCore } from '../../../../../test/support/temp-core';
import { SYSTEM_PYTHON } from '../../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../../data/demo-dataset';
import { evaluateOnnxModel } from '../../eval/evaluate-model';
import { demoModelPath } from '../../eval/run-evaluation';

const t = useTempCore(async ({ ws, dir }) => {
  ws.settings.update({ pythonPath: SYSTEM_PYTHON });
  process.env.PYTHONPATH = FAKE_RKNN_PATH; // the fake toolkit, importable only in this process's children
  await writeDemoDataset(path.join(dir, 'demo'), { train: 4, val: 10 });
});
afterAll(() => delete process.env.PYTHONPATH);

const stage = (extra = ''): string =>
  '  - kind: rknn-eval\n    model: demo\n    data: demo/data.yaml\n    preset: ultralytics\n' +
  '    calibration: {images: demo/images/train, count: 4}\n' +
  '    config: {target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]]}\n' +
  extra;

describe('the broken-int8 demo on the (fake) rknn simulator: int8 inference from the calibration ranges', () => {
  it('w8a8 collapses (scores share output0 with pixel boxes); keeping output0 float16 recovers it', async () => {
    const { core, ws, dir } = t;
    const created = core.handlers['runs:create']({
      configText: `name: rknn int8\nstages:\n${stage()}${stage('    keepFloat: [output0]\n')}`,
      start: true,
      baseDir: dir,
    }) as { id: number };
    const run = await core.runner.whenDone(created.id);
    expect(run.error).toBeNull();
    const [int8, hybrid] = ws.evaluations.list([created.id]);
    expect(int8).toMatchObject({ variant: 'w8a8', runtime: 'rknn-sim', images: 10 });
    expect(hybrid).toMatchObject({ variant: 'hybrid', label: 'w8a8 + 1 tensor float16', images: 10 });
    const float = await evaluateOnnxModel({ model: demoModelPath(), dataset: path.join(dir, 'demo/data.yaml') });
    console.log(`demo on 10 images: fp32 ${float.map}, rknn-sim w8a8 ${int8.map}, hybrid (output0 fp16) ${hybrid.map}`);
    expect(float.map).toBeGreaterThan(0.3);
    expect(int8.map).toBeLessThan(0.1 * float.map);
    expect(hybrid.map).toBeGreaterThan(float.map - 0.05);
    // The rest of the model is still int8: the hybrid is not the float model.
    expect(hybrid.map).not.toBe(float.map);
  }, 300_000);
});
