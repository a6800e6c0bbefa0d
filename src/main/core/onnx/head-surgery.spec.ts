import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON, tempDir } from '../../../../test/support/temp-workspace';
import { detectHeadLayout } from './head-layout';
import { cutHead, fillStaticOutputShapes } from './head-surgery';
import { encodeOnnx, loadOnnx, shapeOf, TensorDataType, type OnnxModel } from './onnx-model';

const MAKE_MODEL = path.resolve(import.meta.dirname, '../../../../test/fixtures/models/tiny_yolo.py');
const IMG = 64;
const NC = 3;

let v8: OnnxModel;
let v5: OnnxModel;
let v8Opset13: OnnxModel;

beforeAll(() => {
  const dir = tempDir();
  for (const [arch, name, opset] of [
    ['v8', 'v8.onnx', '12'],
    ['v5', 'v5.onnx', '12'],
    ['v8', 'v8-13.onnx', '13'],
  ]) {
    execFileSync(
      SYSTEM_PYTHON,
      [MAKE_MODEL, arch, path.join(dir, name), '--nc', String(NC), '--imgsz', String(IMG), '--opset', opset],
      { stdio: 'ignore' },
    );
  }
  v8 = loadOnnx(path.join(dir, 'v8.onnx'));
  v5 = loadOnnx(path.join(dir, 'v5.onnx'));
  v8Opset13 = loadOnnx(path.join(dir, 'v8-13.onnx'));
}, 120_000);

function randomImage(seed: number, size = IMG): ort.Tensor {
  const data = new Float32Array(3 * size * size);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = s / 2147483648;
  }
  return new ort.Tensor('float32', data, [1, 3, size, size]);
}

async function run(
  model: OnnxModel,
  image: ort.Tensor,
  extraOutputs: string[] = [],
): Promise<Record<string, ort.Tensor>> {
  const copy = structuredClone(model);
  for (const name of extraOutputs)
    copy.graph.output.push({ name, type: { tensorType: { elemType: TensorDataType.FLOAT } } });
  const session = await ort.InferenceSession.create(encodeOnnx(copy));
  try {
    return await session.run({ images: image });
  } finally {
    await session.release();
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** The CPU-side decode rknn_model_zoo does for the 6/9-output layout: DFL softmax expectation, ltrb → xywh · stride. */
function decodeRknnOutputs(out: Record<string, ort.Tensor>, scales: number, sigmoidInModel: boolean): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let s = 0; s < scales; s++) {
    const box = out[`box_${s}`];
    const cls = out[`cls_${s}`];
    const [, , h, w] = box.dims.map(Number);
    const stride = IMG / h;
    const b = box.data as Float32Array;
    const c = cls.data as Float32Array;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const dist = [0, 1, 2, 3].map((side) => {
          const logits = Array.from({ length: 16 }, (_, k) => b[(side * 16 + k) * h * w + y * w + x]);
          const max = Math.max(...logits);
          const exps = logits.map((v) => Math.exp(v - max));
          const total = exps.reduce((p, q) => p + q, 0);
          return exps.reduce((acc, e, k) => acc + (e / total) * k, 0);
        });
        const ax = x + 0.5;
        const ay = y + 0.5;
        const x1 = ax - dist[0],
          y1 = ay - dist[1],
          x2 = ax + dist[2],
          y2 = ay + dist[3];
        const scores = Array.from({ length: NC }, (_, k) => {
          const v = c[k * h * w + y * w + x];
          return sigmoidInModel ? v : 1 / (1 + Math.exp(-v));
        });
        rows.push(
          Float32Array.from([
            ((x1 + x2) / 2) * stride,
            ((y1 + y2) / 2) * stride,
            (x2 - x1) * stride,
            (y2 - y1) * stride,
            ...scores,
          ]),
        );
      }
    }
  }
  return rows;
}

describe('detectHeadLayout', () => {
  it('finds the three DFL scales of a YOLOv8 export in stride order', () => {
    const layout = detectHeadLayout(v8);
    expect(layout).toMatchObject({ kind: 'yolov8', regMax: 16, numClasses: NC });
    expect(layout.scales).toHaveLength(3);
  });

  it('finds the three raw convs of a YOLOv5 export', () => {
    expect(detectHeadLayout(v5)).toMatchObject({ kind: 'yolov5', numClasses: NC, anchorsPerCell: 3 });
  });

  it('refuses a model without a YOLO head, naming the file', () => {
    const cut = cutHead(v8, { preset: 'rknn6' }).model;
    expect(() => detectHeadLayout(cut, 'cut.onnx')).toThrow(/cut\.onnx: no known detection head found/);
  });
});

describe('cutHead', () => {
  it('rknn6: six conv outputs equal the pre-DFL tensors; decoding them gives the original output', async () => {
    const { model, outputs, layout } = cutHead(v8, { preset: 'rknn6' });
    expect(outputs).toEqual(['box_0', 'cls_0', 'box_1', 'cls_1', 'box_2', 'cls_2']);
    expect(model.graph.node.some((n) => n.opType === 'Softmax' || n.name?.includes('dfl'))).toBe(false);
    await fillStaticOutputShapes(model);
    expect(model.graph.output.map(shapeOf)).toEqual([
      [1, 64, 8, 8],
      [1, NC, 8, 8],
      [1, 64, 4, 4],
      [1, NC, 4, 4],
      [1, 64, 2, 2],
      [1, NC, 2, 2],
    ]);

    const image = randomImage(7);
    const scales = layout?.kind === 'yolov8' ? layout.scales : [];
    const original = await run(
      v8,
      image,
      scales.flatMap((s) => [s.box, s.cls]),
    );
    const cut = await run(model, image);
    scales.forEach((s, i) => {
      expect(maxAbsDiff(cut[`box_${i}`].data as Float32Array, original[s.box].data as Float32Array)).toBe(0);
      const sig = Float32Array.from(original[s.cls].data as Float32Array, (v) => 1 / (1 + Math.exp(-v)));
      expect(maxAbsDiff(cut[`cls_${i}`].data as Float32Array, sig)).toBeLessThan(1e-6);
    });

    const decoded = decodeRknnOutputs(cut, 3, true);
    const ref = original.output0;
    const anchors = Number(ref.dims[2]);
    expect(decoded).toHaveLength(anchors);
    const refData = ref.data as Float32Array;
    let worst = 0;
    decoded.forEach((row, a) =>
      row.forEach((v, ch) => (worst = Math.max(worst, Math.abs(v - refData[ch * anchors + a])))),
    );
    expect(worst).toBeLessThan(1e-3);
  });

  it('rknn9 adds clip(sum(cls)) per scale; without sigmoid the cls outputs are logits', async () => {
    for (const source of [v8, v8Opset13]) {
      const { model, outputs } = cutHead(source, { preset: 'rknn9', sigmoid: false });
      expect(outputs).toEqual([
        'box_0',
        'cls_0',
        'score_sum_0',
        'box_1',
        'cls_1',
        'score_sum_1',
        'box_2',
        'cls_2',
        'score_sum_2',
      ]);
      expect(model.graph.node.filter((n) => n.opType === 'Sigmoid' && n.name?.startsWith('/surgery/'))).toHaveLength(0);
      const out = await run(model, randomImage(3));
      for (let i = 0; i < 3; i++) {
        const cls = out[`cls_${i}`].data as Float32Array;
        const sum = out[`score_sum_${i}`].data as Float32Array;
        const hw = sum.length;
        expect(cls.some((v) => v < 0 || v > 1)).toBe(true);
        for (let p = 0; p < hw; p++) {
          let total = 0;
          for (let k = 0; k < NC; k++) total += cls[k * hw + p];
          expect(sum[p]).toBeCloseTo(Math.min(1, Math.max(0, total)), 5);
        }
      }
      const decoded = decodeRknnOutputs(out, 3, false);
      const ref = (await run(source, randomImage(3))).output0;
      const refData = ref.data as Float32Array;
      const anchors = Number(ref.dims[2]);
      decoded.forEach((row, a) =>
        row.forEach((v, ch) => expect(Math.abs(v - refData[ch * anchors + a])).toBeLessThan(1e-3)),
      );
    }
  });

  it('yolov5-raw keeps the three raw conv outputs', async () => {
    const { model, outputs, layout } = cutHead(v5, { preset: 'yolov5-raw' });
    expect(outputs).toEqual(['raw_0', 'raw_1', 'raw_2']);
    await fillStaticOutputShapes(model);
    expect(model.graph.output.map(shapeOf)).toEqual([
      [1, 24, 8, 8],
      [1, 24, 4, 4],
      [1, 24, 2, 2],
    ]);
    const image = randomImage(11);
    const raws = layout?.kind === 'yolov5' ? layout.scales.map((s) => s.raw) : [];
    const original = await run(v5, image, raws);
    const cut = await run(model, image);
    raws.forEach((raw, i) =>
      expect(maxAbsDiff(cut[`raw_${i}`].data as Float32Array, original[raw].data as Float32Array)).toBe(0),
    );
  });

  it('demo architecture (C2f/SPPF/PAN): rknn9 equals the split head exported from the same weights', async () => {
    const dir = tempDir();
    execFileSync(
      SYSTEM_PYTHON,
      [path.resolve(import.meta.dirname, '../../../../resources/demo/export_layouts.py'), '--out-dir', dir],
      { stdio: 'ignore' },
    );
    const input = randomImage(5, 160);
    for (const [reference, sigmoid] of [
      ['split.onnx', true],
      ['split-logits.onnx', false],
    ] as const) {
      const { model, outputs } = cutHead(loadOnnx(path.join(dir, 'single.onnx')), { preset: 'rknn9', sigmoid });
      const ours = await run(model, input);
      const theirs = await run(loadOnnx(path.join(dir, reference)), input);
      const theirNames = Object.keys(theirs);
      outputs.forEach((name, k) => {
        // The demo's logits export sums logits; ours sums what the CPU gets.
        if (!sigmoid && name.startsWith('score_sum')) return;
        expect(maxAbsDiff(ours[name].data as Float32Array, theirs[theirNames[k]].data as Float32Array)).toBeLessThan(
          1e-5,
        );
      });
    }
  }, 60_000);

  it('rejects a preset that does not fit the head', () => {
    expect(() => cutHead(v5, { preset: 'rknn6' }, 'v5.onnx')).toThrow(
      /v5\.onnx: preset rknn6 needs a YOLOv8\/11\/v10 DFL head, but the model has a yolov5 head/,
    );
    expect(() => cutHead(v8, { preset: 'yolov5-raw' }, 'v8.onnx')).toThrow(/needs a YOLOv5 anchor head/);
  });
});
