import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { listImages } from '../data/image-decode';
import { demoModelPath } from '../eval/run-evaluation';
import { type ActivationTensor, calibrateActivations, listFloatActivations } from '../quant/activation-calibration';
import { decodeFrontier } from '../quant/candidate-regions';
import { buildQdqPlan } from '../quant/precision-plan';
import type { FeedSource } from '../runtime/feed-source';
import { imageInputSpec, letterboxFeeds } from '../runtime/image-feeds';
import { createSession, runFloatOutputs } from '../runtime/ort-session';
import { withExtraOutputs } from './graph-clone';
import { loadOnnx } from './onnx-model';
import { insertQdq } from './qdq-insert';
import { suffixGraph } from './suffix-graph';

const model = loadOnnx(demoModelPath());
let tensors: ActivationTensor[];
let images: FeedSource;

beforeAll(async () => {
  const dir = tempDir('npu-wb-suffix-');
  await writeDemoDataset(dir, { train: 3, val: 1 });
  images = letterboxFeeds(await listImages(path.join(dir, 'images', 'train')), imageInputSpec(model), 'ultralytics');
  tensors = await listFloatActivations(model, images);
}, 60_000);

describe('suffixGraph', () => {
  it('runs the decode of a fake-quant model from its frontier, giving the whole model’s outputs exactly', async () => {
    // the demo model (Ultralytics <= 8.2 head): the frontier is the per-scale Concat(box, cls) before the Reshapes
    const frontier = decodeFrontier(model, tensors);
    expect(frontier).toHaveLength(3);
    const ranges = await calibrateActivations(model, tensors, images, { algo: 'normal', type: 'int8' });
    const dims = new Map(tensors.map((t) => [t.tensor, t.dims]));
    const whole = insertQdq(model, buildQdqPlan(ranges, { dtype: 'w8a8', keepFloat: ['/detect/Mul_2_output_0'] }));
    const suffix = suffixGraph(whole, frontier, (t) => dims.get(t))!;
    expect(suffix.produced.has('output0')).toBe(true);
    expect(suffix.produced.has(frontier[0])).toBe(false);
    expect(suffix.model.graph.input.map((i) => i.name)).toEqual(frontier);
    expect(suffix.model.graph.node.length).toBeLessThan(whole.graph.node.length / 3);
    const wholeSession = await createSession(withExtraOutputs(whole, frontier), { optimization: 'fake-quant' });
    const suffixSession = await createSession(suffix.model, { optimization: 'fake-quant' });
    for (let i = 0; i < images.count; i++) {
      const full = await runFloatOutputs(wholeSession, await images.feeds(i));
      const feeds = Object.fromEntries(frontier.map((t) => [t, new ort.Tensor('float32', full.get(t)!, dims.get(t)!)]));
      const out = await runFloatOutputs(suffixSession, feeds);
      expect(out.get('output0')).toEqual(full.get('output0'));
    }
    await Promise.all([wholeSession.release(), suffixSession.release()]);
  });

  it('refuses a frontier that does not cut every path from the input', () => {
    const dims = new Map(tensors.map((t) => [t.tensor, t.dims]));
    const frontier = decodeFrontier(model, tensors).slice(1);
    expect(suffixGraph(model, frontier, (t) => dims.get(t))).toBeNull();
  });
});
