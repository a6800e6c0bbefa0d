import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { constantOutputModel } from '../../../../test/helpers/constant-onnx-model';
import { evaluateOnnxModel } from '../eval/evaluate-model';
import type { RawTensor } from './detection-types';
import { nonMaxSuppression } from './nms';
import { detectHeadKind } from './head-shapes';
import { decodeOutputs } from './yolo-decoders';

// Each head layout gets a model (built in code, run by onnxruntime) whose outputs encode two known
// objects; decoding + NMS + letterbox mapping + COCOeval must then give AP = 1 on that image.
// Image 160×120 → ultralytics letterbox at 160: gain 1, 20 px pad on top.
const S = 160;
const PAD_TOP = 20;
// Objects in letterboxed pixels, chosen on grid cells so split-head DFL distances are whole bins:
// A: stride 8, cell (5,5), ltrb (3,2,4,5); B: stride 16, cell (6,3), ltrb (2,1,1,2).
const objs = [
  { cls: 0, stride: 8, gx: 5, gy: 5, ltrb: [3, 2, 4, 5] },
  { cls: 1, stride: 16, gx: 6, gy: 3, ltrb: [2, 1, 1, 2] },
].map((o) => ({
  ...o,
  box: [
    (o.gx + 0.5 - o.ltrb[0]) * o.stride,
    (o.gy + 0.5 - o.ltrb[1]) * o.stride,
    (o.gx + 0.5 + o.ltrb[2]) * o.stride,
    (o.gy + 0.5 + o.ltrb[3]) * o.stride,
  ],
}));
const levels = [8, 16, 32].map((s) => ({ s, n: S / s }));
const N = levels.reduce((a, l) => a + l.n * l.n, 0); // 525
const anchorIndex = (stride: number, gx: number, gy: number) => {
  let base = 0;
  for (const l of levels) {
    if (l.s === stride) return base + gy * l.n + gx;
    base += l.n * l.n;
  }
  throw new Error('bad stride');
};
const C = 2;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'heads-'));
  mkdirSync(path.join(dataDir, 'images', 'val'), { recursive: true });
  mkdirSync(path.join(dataDir, 'labels', 'val'), { recursive: true });
  await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 60, g: 70, b: 80 } } })
    .png()
    .toFile(path.join(dataDir, 'images', 'val', 'one.png'));
  const lines = objs.map((o) => {
    const [x1, y1, x2, y2] = [o.box[0], o.box[1] - PAD_TOP, o.box[2], o.box[3] - PAD_TOP];
    return `${o.cls} ${(x1 + x2) / 2 / 160} ${(y1 + y2) / 2 / 120} ${(x2 - x1) / 160} ${(y2 - y1) / 120}`;
  });
  writeFileSync(path.join(dataDir, 'labels', 'val', 'one.txt'), lines.join('\n'));
  writeFileSync(path.join(dataDir, 'data.yaml'), 'path: .\nval: images/val\nnames: [a, b]\n');
});

const cxcywh = (b: number[]) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]];

function v8Output(): RawTensor {
  const d = new Float32Array((4 + C) * N);
  for (const o of objs) {
    const i = anchorIndex(o.stride, o.gx, o.gy);
    cxcywh(o.box).forEach((v, r) => (d[r * N + i] = v));
    d[(4 + o.cls) * N + i] = 0.9;
  }
  return { name: 'output0', dims: [1, 4 + C, N], data: d };
}

function v5Output(): RawTensor {
  const n = 3 * N; // three anchors per cell
  const d = new Float32Array(n * (5 + C));
  objs.forEach((o, j) => {
    const r = (100 + j * 7) * (5 + C);
    cxcywh(o.box).forEach((v, k) => (d[r + k] = v));
    d[r + 4] = 0.95;
    d[r + 5 + o.cls] = 0.9;
  });
  return { name: 'output0', dims: [1, n, 5 + C], data: d };
}

function yoloxOutput(): RawTensor {
  const d = new Float32Array(N * (5 + C));
  for (let i = 0; i < N; i++) d.fill(-5, i * (5 + C) + 2, i * (5 + C) + 4); // tiny boxes elsewhere
  for (const o of objs) {
    const i = anchorIndex(o.stride, o.gx, o.gy);
    const [cx, cy, w, h] = cxcywh(o.box);
    const r = i * (5 + C);
    [cx / o.stride - o.gx, cy / o.stride - o.gy, Math.log(w / o.stride), Math.log(h / o.stride)].forEach(
      (v, k) => (d[r + k] = v),
    );
    d[r + 4] = 0.95;
    d[r + 5 + o.cls] = 0.9;
  }
  return { name: 'output', dims: [1, N, 5 + C], data: d };
}

function v10Output(): RawTensor {
  const d = new Float32Array(300 * 6);
  objs.forEach((o, j) => {
    o.box.forEach((v, k) => (d[j * 6 + k] = v));
    d[j * 6 + 4] = 0.9;
    d[j * 6 + 5] = o.cls;
  });
  return { name: 'output0', dims: [1, 300, 6], data: d };
}

function splitOutputs(probabilities: boolean): RawTensor[] {
  return levels.flatMap(({ s, n }, li) => {
    const hw = n * n;
    const box = new Float32Array(64 * hw);
    const cls = new Float32Array(C * hw).fill(probabilities ? 0 : -12);
    const sum = new Float32Array(hw);
    for (const o of objs.filter((x) => x.stride === s)) {
      const cell = o.gy * n + o.gx;
      o.ltrb.forEach((dist, side) => (box[(side * 16 + dist) * hw + cell] = 40));
      cls[o.cls * hw + cell] = probabilities ? 0.9 : 4;
      sum[cell] = 0.9;
    }
    return [
      { name: `box${li}`, dims: [1, 64, n, n], data: box },
      { name: `cls${li}`, dims: [1, C, n, n], data: cls },
      { name: `sum${li}`, dims: [1, 1, n, n], data: sum },
    ];
  });
}

const cases: [string, () => RawTensor[], string][] = [
  ['yolov8', () => [v8Output()], 'yolov8'],
  ['yolov5', () => [v5Output()], 'yolov5'],
  ['yolox', () => [yoloxOutput()], 'yolox'],
  ['yolov10', () => [v10Output()], 'yolov10'],
  ['split heads, cls logits', () => splitOutputs(false), 'split'],
  ['split heads, cls probabilities', () => splitOutputs(true), 'split'],
];

describe('YOLO decoders on planted ONNX models', () => {
  for (const [label, make, head] of cases) {
    it(`${label}: auto-detected as ${head}, both objects found at AP 1`, async () => {
      const outputs = make();
      const model = constantOutputModel(
        S,
        outputs.map((o) => ({ name: o.name!, dims: [...o.dims], data: o.data })),
      );
      const r = await evaluateOnnxModel({ model, dataset: dataDir });
      expect(r.head).toBe(head);
      expect(r.stats[0]).toBeCloseTo(1, 6);
      const found = r.detections.filter((d) => d.score > 0.5).sort((a, b) => a.category_id - b.category_id);
      expect(found.map((d) => d.category_id)).toEqual([0, 1]);
      expect(found[0].bbox[1]).toBeCloseTo(objs[0].box[1] - PAD_TOP, 2);
    });
  }

  it('reads a transposed YOLOv8 export [1, N, 4+C] when --head yolov8 is given', () => {
    const v8 = v8Output();
    const t = new Float32Array(v8.data.length);
    for (let r = 0; r < 4 + C; r++) for (let i = 0; i < N; i++) t[i * (4 + C) + r] = v8.data[r * N + i];
    const opts = { inputWidth: S, inputHeight: S };
    const a = decodeOutputs([v8], 'yolov8', opts);
    const b = decodeOutputs([{ dims: [1, N, 4 + C], data: t }], 'yolov8', opts);
    expect(Array.from(b.boxes)).toEqual(Array.from(a.boxes));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });

  it('rejects output shapes it cannot read, naming them', () => {
    expect(() =>
      detectHeadKind([{ name: 'weird', dims: [1, 2, 3, 4, 5] }], {
        inputWidth: 160,
        inputHeight: 160,
      }),
    ).toThrow('No decoder fits the model outputs weird[1,2,3,4,5] at input 160×160');
  });
});

describe('nonMaxSuppression', () => {
  const cands = (boxes: number[][], scores: number[][]) => {
    const n = boxes.length;
    const s = new Float32Array(scores[0].length * n);
    scores.forEach((row, i) => row.forEach((v, k) => (s[k * n + i] = v)));
    return { n, numClasses: scores[0].length, boxes: Float32Array.from(boxes.flat()), scores: s };
  };
  const boxes = [
    [0, 0, 10, 10],
    [1, 0, 11, 10], // IoU with the first = 90/110 ≈ 0.818
    [50, 50, 60, 60],
  ];
  it('suppresses overlaps of the same class above the IoU threshold, keeps other classes', () => {
    const c = cands(boxes, [
      [0.9, 0],
      [0.8, 0.7],
      [0.6, 0],
    ]);
    const single = nonMaxSuppression(c, { conf: 0.001, iou: 0.7, maxDet: 300, multiLabel: false });
    expect(single.map((d) => [d.score, d.classIndex])).toEqual([
      [0.8999999761581421, 0],
      [0.6000000238418579, 0],
    ]);
    const multi = nonMaxSuppression(c, { conf: 0.001, iou: 0.7, maxDet: 300, multiLabel: true });
    expect(multi.map((d) => d.classIndex)).toEqual([0, 1, 0]);
    expect(nonMaxSuppression(c, { conf: 0.001, iou: 0.85, maxDet: 300, multiLabel: false })).toHaveLength(3);
    expect(nonMaxSuppression(c, { conf: 0.001, iou: 0.7, maxDet: 1, multiLabel: true })).toHaveLength(1);
    expect(nonMaxSuppression(c, { conf: 0.65, iou: 0.7, maxDet: 300, multiLabel: true })).toHaveLength(2);
  });
});
