import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fp16Round } from '../quant/fp16-round';
import { buildQdqPlan } from '../quant/precision-plan';
import { computeQuantParams, fakeQuantize, type IntType } from '../quant/quant-params';
import { createSession, runFloatOutputs } from '../runtime/ort-session';
import { withExtraOutputs } from './graph-clone';
import { GraphBuilder } from './graph-builder';
import { decodeOnnx, encodeOnnx } from './onnx-model';
import { insertQdq } from './qdq-insert';

// x → Conv 1x1 (one input channel, so each output is a single product: no summation order to differ)
//   → Relu → Mul 3 → Concat with x → out. Every value can be recomputed exactly by hand in float32.
function tinyModel(opset = 13) {
  const b = new GraphBuilder(opset);
  const x = b.input('x', [1, 1, 2, 3]);
  const w = b.init('w', [2, 1, 1, 1], [0.5, -0.3]);
  const conv = b.op('Conv', [x, w], { kernel_shape: [1, 1] });
  const relu = b.op('Relu', [conv]);
  const mul = b.op('Mul', [relu, b.init('three', [], [3])]);
  const cat = b.op('Concat', [mul, x], { axis: 1 });
  b.output(cat);
  return { model: b.build(), x, conv, relu, mul, cat };
}

const X = Float32Array.from([-1.7, -0.33, 0, 0.41, 1.234, 2.9]);
const RANGES = { x: [-1.7, 2.9], conv: [-0.9, 1.45], relu: [0, 1.45], mul: [0, 4.2], cat: [-1.7, 4.2] } as const;

/** Values for exact comparison; -0 and +0 count as equal (ORT's Conv accumulates from +0). */
const exact = (values: Iterable<number>) => Array.from(values, (v) => v + 0);

async function runAll(model: ReturnType<typeof tinyModel>['model'], names: string[]) {
  const session = await createSession(withExtraOutputs(model, names), { optimization: 'fake-quant' });
  const out = await runFloatOutputs(session, { x: new ort.Tensor('float32', X, [1, 1, 2, 3]) });
  await session.release();
  return out;
}

function rangesOf(t: ReturnType<typeof tinyModel>) {
  return new Map(
    Object.entries(RANGES).map(([k, [min, max]]) => [k === 'x' ? 'x' : t[k as keyof typeof RANGES], { min, max }]),
  );
}

/** The same network computed by hand: fake-quant every tensor, weights quantised symmetric int8. */
function handReference(type: IntType, weights: [number, number]) {
  const p = (k: keyof typeof RANGES) => computeQuantParams(RANGES[k][0], RANGES[k][1], type);
  const fq = (v: number, k: keyof typeof RANGES) => fakeQuantize(v, p(k));
  const xq = Array.from(X, (v) => fq(v, 'x'));
  const conv = [0, 1].flatMap((c) => xq.map((v) => fq(Math.fround(weights[c] * v), 'conv')));
  const relu = conv.map((v) => fq(Math.max(0, v), 'relu'));
  const mul = relu.map((v) => fq(Math.fround(3 * v), 'mul'));
  const cat = [...mul, ...xq].map((v) => fq(v, 'cat'));
  return { conv, relu, mul, cat };
}

describe('insertQdq', () => {
  for (const [dtype, type] of [
    ['w8a8', 'int8'],
    ['w8a16', 'int16'],
  ] as const) {
    it(`${dtype}: onnxruntime output equals hand quantisation bit for bit (per-layer weights)`, async () => {
      const t = tinyModel();
      const qdq = insertQdq(t.model, buildQdqPlan(rangesOf(t), { dtype, weightMethod: 'layer' }));
      const got = await runAll(decodeOnnx(encodeOnnx(qdq)), [t.conv, t.relu, t.mul]);
      // per-layer: scale = 0.5/127, so -0.3 becomes round(-76.2) = -76 steps
      const s = Math.fround(1 / 254);
      const ref = handReference(type, [Math.fround(127 * s), Math.fround(-76 * s)]);
      expect(exact(got.get(t.conv)!)).toEqual(exact(ref.conv));
      expect(exact(got.get(t.relu)!)).toEqual(exact(ref.relu));
      expect(exact(got.get(t.mul)!)).toEqual(exact(ref.mul));
      expect(exact(got.get(t.cat)!)).toEqual(exact(ref.cat));
      expect(qdq.opsetImport?.some((o) => o.domain === 'com.microsoft')).toBe(type === 'int16');
    });
  }

  it('per-channel weights use DequantizeLinear with an axis and still match by hand', async () => {
    const t = tinyModel();
    const qdq = insertQdq(t.model, buildQdqPlan(rangesOf(t), { dtype: 'w8a8', weightMethod: 'channel' }));
    const dq = qdq.graph.node.find((n) => n.opType === 'DequantizeLinear' && n.input[0] === 'w__int8')!;
    expect(dq.attribute).toEqual([{ name: 'axis', type: 2, i: 0 }]);
    const got = await runAll(qdq, []);
    const ref = handReference('int8', [
      Math.fround(127 * Math.fround(0.5 / 127)),
      Math.fround(-127 * Math.fround(0.3 / 127)),
    ]);
    expect(exact(got.get(t.cat)!)).toEqual(exact(ref.cat));
  });

  it('below opset 13 bakes per-channel weights instead of an axis DequantizeLinear', async () => {
    const t = tinyModel(12);
    const qdq = insertQdq(t.model, buildQdqPlan(rangesOf(t), { dtype: 'w8a8' }));
    expect(qdq.graph.node.some((n) => n.opType === 'DequantizeLinear' && n.attribute?.length)).toBe(false);
    expect(qdq.graph.initializer.some((i) => i.name === 'w__fq')).toBe(true);
    const got = await runAll(qdq, []);
    const ref = handReference('int8', [
      Math.fround(127 * Math.fround(0.5 / 127)),
      Math.fround(-127 * Math.fround(0.3 / 127)),
    ]);
    expect(exact(got.get(t.cat)!)).toEqual(exact(ref.cat));
  });

  it('fp16 rounds every tensor like a float16 Cast', async () => {
    const t = tinyModel();
    const qdq = insertQdq(t.model, buildQdqPlan(rangesOf(t), { dtype: 'fp16' }));
    const got = await runAll(qdq, [t.mul]);
    const xh = Array.from(X, fp16Round);
    const w = [0.5, -0.3].map((v) => fp16Round(v));
    const conv = [0, 1].flatMap((c) => xh.map((v) => fp16Round(Math.fround(w[c] * v))));
    const mul = conv.map((v) => fp16Round(Math.fround(3 * fp16Round(Math.max(0, v)))));
    expect(exact(got.get(t.mul)!)).toEqual(exact(mul));
  });

  it('keep-float leaves the tensor and its op weights in float, names and outputs unchanged', async () => {
    const t = tinyModel();
    const qdq = insertQdq(t.model, buildQdqPlan(rangesOf(t), { dtype: 'w8a8', keepFloat: [t.conv] }));
    expect(qdq.graph.output.map((o) => o.name)).toEqual([t.cat]);
    expect(qdq.graph.node.find((n) => n.opType === 'Conv')!.input[1]).toBe('w');
    const got = await runAll(qdq, [t.conv]);
    const xq = Array.from(X, (v) => fakeQuantize(v, computeQuantParams(-1.7, 2.9, 'int8')));
    expect(exact(got.get(t.conv)!)).toEqual(
      exact([0.5, -0.3].flatMap((w) => xq.map((v) => Math.fround(Math.fround(w) * v)))),
    );
  });
});
