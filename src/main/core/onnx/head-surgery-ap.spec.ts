import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { evaluateOnnxModel } from '../eval/evaluate-model';
import { demoModelPath } from '../eval/run-evaluation';
import { cutHeadFile, type SurgeryOptions } from './head-surgery';

const IMAGES = 60;
let dir: string;
let data: string;
let baseline: { ap: number; ap50: number };

beforeAll(async () => {
  dir = tempDir();
  data = path.join(dir, 'data.yaml');
  await writeDemoDataset(dir, { train: 0, val: IMAGES });
  const r = await evaluateOnnxModel({ model: demoModelPath(), dataset: data });
  baseline = { ap: r.stats[0], ap50: r.stats[1] };
}, 120_000);

/** The acceptance bar: the cut model, decoded on the CPU by the evaluation core, loses ≤ 0.002 AP. */
describe('head surgery keeps COCO AP (trained demo model, demo val set)', () => {
  it('the demo model is a real detector here (otherwise the comparison proves nothing)', () => {
    expect(existsSync(demoModelPath())).toBe(true);
    expect(baseline.ap50).toBeGreaterThan(0.4);
  });

  for (const [name, options] of [
    ['rknn6', { preset: 'rknn6' }],
    ['rknn9', { preset: 'rknn9' }],
    ['rknn6 without sigmoid', { preset: 'rknn6', sigmoid: false }],
  ] as [string, SurgeryOptions][]) {
    it(`${name}: AP within 0.002 of the original`, async () => {
      const out = path.join(dir, `${name.replace(/\s+/g, '-')}.onnx`);
      await cutHeadFile(demoModelPath(), out, options);
      const r = await evaluateOnnxModel({
        model: out,
        dataset: data,
        head: 'split',
        clsSigmoid: options.sigmoid === false,
      });
      expect(r.images).toBe(IMAGES);
      expect(Math.abs(r.stats[0] - baseline.ap)).toBeLessThanOrEqual(0.002);
      expect(Math.abs(r.stats[1] - baseline.ap50)).toBeLessThanOrEqual(0.002);
    });
  }
});
