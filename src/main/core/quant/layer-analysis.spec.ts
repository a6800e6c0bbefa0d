import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder';
import { float32Tensor } from '../onnx/onnx-model';
import type { FeedSource } from '../runtime/feed-source';
import { calibrateActivations, calibrateAllAlgorithms, listFloatActivations } from './activation-calibration';
import { analyseLayers } from './layer-analysis';
import { cosine, euclidean } from './layer-metrics';
import { buildQdqPlan } from './precision-plan';
import { seeded, tinyYoloHead } from './tiny-head.fixture';

function images(count: number, size = 32, seed = 1): FeedSource {
  return {
    count,
    feeds: async (i) => {
      const rnd = seeded(seed * 1000 + i);
      return {
        images: new ort.Tensor(
          'float32',
          Float32Array.from({ length: 3 * size * size }, () => (rnd() + 1) / 2),
          [1, 3, size, size],
        ),
      };
    },
  };
}

describe('metrics', () => {
  it('cosine and euclidean by hand', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([0, 0], [0, 0])).toBe(1);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(euclidean([0, 0], [3, 4])).toBe(5);
  });
});

describe('per-layer analysis on a tiny YOLO head', () => {
  it('leaves parameters computed by Constant nodes (Resize scales) unquantised', async () => {
    const b = new GraphBuilder(13);
    const x = b.input('images', [1, 3, 8, 8]);
    const conv = b.op('Conv', [x, b.init('w', [2, 3, 1, 1], [0.1, 0.2, 0.3, -0.1, 0.5, 0.2])], {
      kernel_shape: [1, 1],
    });
    const scales = b.op('Constant', [], { value: { t: float32Tensor('s', [4], Float32Array.of(1, 1, 2, 2)) } });
    const up = b.op('Resize', [conv, '', scales], { mode: { s: 'nearest' } });
    b.output(up);
    const model = b.build();
    const tensors = await listFloatActivations(model, images(1, 8));
    expect(tensors.map((t) => t.tensor)).toEqual(['images', conv, up]);
    const ranges = await calibrateActivations(model, tensors, images(2, 8), { algo: 'normal', type: 'int8' });
    const rows = await analyseLayers(model, tensors, buildQdqPlan(ranges, { dtype: 'w8a8' }), images(1, 8));
    expect(rows.at(-1)!.cosEntire).toBeGreaterThan(0.99);
  });

  it('lists activations, calibrates, and reports entire/single errors that single out the head', async () => {
    const head = tinyYoloHead();
    const calib = images(4);
    const tensors = await listFloatActivations(head.model, calib);
    expect(tensors[0]).toMatchObject({ tensor: 'images', node: null, opType: 'Input' });
    expect(tensors.map((t) => t.tensor)).toContain(head.concat);
    // Reshape shape inputs are int64 and never listed
    expect(tensors.every((t) => t.dims.length > 0)).toBe(true);
    const ranges = await calibrateActivations(head.model, tensors, calib, { algo: 'normal', type: 'int8' });
    expect(ranges.get(head.sigmoid)!.max).toBeLessThanOrEqual(1);
    expect(ranges.get(head.concat)!.max).toBeGreaterThan(20);
    // min/max reduced inside onnxruntime equals scanning every value (the histogram pass keeps exact extremes)
    const scanned = (await calibrateAllAlgorithms(head.model, tensors, calib, { type: 'int8' })).get('normal')!;
    expect(ranges).toEqual(scanned);

    const plan = buildQdqPlan(ranges, { dtype: 'w8a8' });
    const rows = await analyseLayers(head.model, tensors, plan, images(3, 32, 2));
    const segs = [`${head.concat}[0:${head.strideMul}]`, `${head.concat}[1:${head.sigmoid}]`];
    expect(rows.map((r) => r.tensor)).toEqual([...tensors.map((t) => t.tensor), ...segs]);
    const row = (t: string) => rows.find((r) => r.tensor === t)!;
    for (const r of rows.slice(0, tensors.length)) {
      expect(r.cosEntire).toBeGreaterThan(0.9);
      expect(r.cosEntire).toBeLessThanOrEqual(1 + 1e-9);
      expect(r.eucSingle).toBeGreaterThanOrEqual(0);
    }
    // errors accumulate: the last tensor's entire error is at least its single error
    const last = row(head.concat);
    expect(last.eucEntire!).toBeGreaterThanOrEqual(last.eucSingle! * 0.5);
    // the box-pixel branch carries the largest absolute error (coarse scale of a 0..130 px range)
    const worstEuc = [...rows].sort((a, b) => b.eucSingle! - a.eucSingle!)[0];
    expect([head.strideMul, head.concat]).toContain(worstEuc.tensor);

    // whole-tensor cosine of the concat looks perfect; its score slice (0..1 on a pixel scale) does not
    expect(row(head.concat).cosSingle!).toBeGreaterThan(0.999);
    expect(row(segs[1]).cosSingle!).toBeLessThan(0.9);
    expect(row(segs[1]).cosSingle!).toBeLessThan(row(head.sigmoid).cosSingle!);
    // keep-float: the tensor's single error vanishes and its entire error drops
    const hybrid = await analyseLayers(
      head.model,
      tensors,
      buildQdqPlan(ranges, { dtype: 'w8a8', keepFloat: [head.concat] }),
      images(3, 32, 2),
    );
    const kept = hybrid.find((r) => r.tensor === head.concat)!;
    expect(kept.cosSingle).toBeCloseTo(1, 12);
    expect(kept.eucSingle).toBe(0);
    expect(kept.eucEntire!).toBeLessThan(last.eucEntire!);
  });
});
