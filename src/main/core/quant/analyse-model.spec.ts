import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeOnnx } from '../onnx/onnx-model';
import type { FeedSource } from '../runtime/feed-source';
import { createSession, runFloatOutputs } from '../runtime/ort-session';
import { analyseModel, type ModelEvaluator } from './analyse-model';
import { concatSegments } from './concat-segments';
import { cosine } from './layer-metrics';
import { seeded, tinyYoloHead } from './tiny-head.fixture';

const head = tinyYoloHead(32);
const images = (count: number, seed: number): FeedSource => ({
  count,
  feeds: async (i) => {
    const rnd = seeded(seed + i);
    return {
      images: new ort.Tensor(
        'float32',
        Float32Array.from({ length: 3 * 32 * 32 }, () => (rnd() + 1) / 2),
        [1, 3, 32, 32],
      ),
    };
  },
});

/**
 * A stand-in for AP that is a real measurement of the model it gets: cosine of the score slice of
 * the output against the float model's, over a few images (the slice that carries detection scores).
 */
async function scoreFidelity(): Promise<ModelEvaluator> {
  const node = head.model.graph.node.find((n) => n.output[0] === head.concat)!;
  const [, scores] = concatSegments(node, [1, 7, 64], (t) => (t === head.strideMul ? [1, 4, 64] : [1, 3, 64]));
  const probe = images(2, 500);
  const outputs = async (bytes: Uint8Array) => {
    const s = await createSession(bytes, { optimization: 'fake-quant' });
    const out: Float32Array[] = [];
    for (let i = 0; i < probe.count; i++)
      out.push(scores.extract((await runFloatOutputs(s, await probe.feeds(i))).get(head.concat)!));
    await s.release();
    return out;
  };
  let golden: Float32Array[] | null = null;
  return async (bytes, label) => {
    const out = await outputs(bytes);
    if (label === 'float') golden = out;
    return out.reduce((a, o, i) => a + cosine(golden![i], o), 0) / out.length;
  };
}

describe('analyseModel', () => {
  it('finds the Concat of pixels and scores, recovers within budget by raising it, finds int16 enough', async () => {
    const r = await analyseModel(head.model, images(4, 1), images(2, 50), await scoreFidelity(), {
      dtype: 'w8a8',
      algo: 'normal',
      weightMethod: 'channel',
      candidates: 4,
    });
    expect(r.ap!.float).toBeCloseTo(1, 9);
    expect(r.ap!.quant).toBeLessThan(0.5);
    expect(r.proposal!.sensitivity[0].tensor).toBe(head.concat);
    expect(r.proposal!.keepFloat).toEqual([head.concat]);
    expect(r.ap!.hybrid).toBeGreaterThan(0.99);
    // int16 measured within budget for it, so the proposal does not ask for float
    expect(r.proposal!.keepInt16).toEqual([head.concat]);
    expect(r.proposal!.search.int16).toEqual([head.concat]);
    expect(r.proposal!.formats.rknnCustomQuantizeLayers).toContain(`${head.concat}: int16`);
    // the hybrid artifact quantises exactly that tensor to int16 and the rest to int8
    const hybrid = decodeOnnx(r.hybridModel!);
    expect(hybrid.graph.node.find((n) => n.output[0] === `${head.concat}__q`)?.domain).toBe('com.microsoft');
    expect(hybrid.graph.node.find((n) => n.output[0] === `${head.sigmoid}__q`)?.domain).not.toBe('com.microsoft');
  });

  it('can raise the proposal to int16 instead of float, and honours a user keep-float set', async () => {
    const r = await analyseModel(head.model, images(4, 1), images(1, 50), await scoreFidelity(), {
      dtype: 'w8a8',
      algo: 'normal',
      weightMethod: 'layer',
      hybridPrecision: 'int16',
      keepFloat: [head.sigmoid],
      candidates: 3,
    });
    expect(r.layers.find((l) => l.tensor === head.sigmoid)!.eucSingle).toBe(0);
    expect(r.proposal!.keepFloat).toEqual([head.sigmoid, head.concat]);
    expect(r.proposal!.formats.rknnCustomQuantizeLayers).toContain(`${head.concat}: int16`);
    expect(r.proposal!.formats.rknnCustomQuantizeLayers).toContain(`${head.sigmoid}: float16`);
    expect(r.ap!.hybrid).toBeGreaterThan(0.99);
    const hybrid = decodeOnnx(r.hybridModel!);
    expect(hybrid.graph.node.find((n) => n.output[0] === `${head.concat}__q`)?.domain).toBe('com.microsoft');
  });
});
