import { UserError } from '../errors/user-error';
import type { Candidates, RawTensor } from './detection-types';
import { type ShapeContext, shapes, splitLevels } from './head-shapes';

/**
 * Decoders of per-level outputs (heads cut before their decode, or exported that way):
 * - `split`        rknn_model_zoo DFL: box [1, 4·reg_max, H, W], cls [1, C, H, W] (± score_sum, ignored like MZ's
 *                  Python); x1y1 = (grid + 0.5 − lt)·stride, x2y2 = (grid + 0.5 + rb)·stride.
 * - `yolov5-split` [1, 3·(5+C), H, W]: sigmoid, xy = (2σ − 0.5 + grid)·stride, wh = (2σ)²·anchor (default anchors).
 * - `yolox-split`  [1, 5+C, H, W] (obj/cls already sigmoid): xy = (t + grid)·stride, wh = exp(t)·stride.
 * (NanoDet/GFL heads: gfl-decoders.ts.)
 * Candidates come out level by level, cells row-major, in the order the uncut model's own output lists them.
 */

export interface LevelDecodeOptions extends ShapeContext {
  /** Apply a sigmoid to class scores ('auto': when values fall outside 0..1, i.e. logits). */
  clsSigmoid?: boolean | 'auto';
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const isLogits = (ts: RawTensor[]) => ts.some((t) => t.data.some((v) => v < 0 || v > 1));
export const wantSigmoid = (opts: LevelDecodeOptions, cls: RawTensor[]) =>
  opts.clsSigmoid === true || ((opts.clsSigmoid ?? 'auto') === 'auto' && isLogits(cls));

export const refuse = (what: string, outputs: RawTensor[]) =>
  new UserError(
    `${what}; got ${shapes(outputs)}`,
    'Pick the output layout (head) that fits the outputs.',
    'invalid_input',
    'head',
  );

/** Softmax expectation over `bins` values read by `at(bin)` (the DFL integral). */
export function dflExpectation(at: (bin: number) => number, bins: number, scratch: Float64Array): number {
  let max = -Infinity;
  for (let b = 0; b < bins; b++) max = Math.max(max, at(b));
  let sum = 0;
  for (let b = 0; b < bins; b++) sum += scratch[b] = Math.exp(at(b) - max);
  let d = 0;
  for (let b = 0; b < bins; b++) d += (scratch[b] / sum) * b;
  return d;
}

export function decodeSplit(outputs: RawTensor[], opts: LevelDecodeOptions): Candidates {
  const levels = splitLevels(outputs);
  if (!levels)
    throw refuse('The split decoder needs per level box [1,4·reg_max,H,W] + cls [1,C,H,W] (+ score_sum)', outputs);
  const parts = levels.map((l) => ({ box: outputs[l.box], cls: outputs[l.cls] }));
  const C = parts[0].cls.dims[1];
  const regMax = parts[0].box.dims[1] / 4;
  const n = parts.reduce((a, p) => a + p.box.dims[2] * p.box.dims[3], 0);
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(C * n);
  const logits = wantSigmoid(
    opts,
    parts.map((p) => p.cls),
  );
  const scratch = new Float64Array(regMax);
  let i = 0;
  for (const { box, cls } of parts) {
    const [, , H, W] = box.dims;
    const stride = opts.inputHeight / H;
    const hw = H * W;
    for (let cell = 0; cell < hw; cell++, i++) {
      const gx = cell % W;
      const gy = Math.floor(cell / W);
      const d = [0, 1, 2, 3].map((side) =>
        dflExpectation((b) => box.data[(side * regMax + b) * hw + cell], regMax, scratch),
      );
      boxes[i * 4] = (gx + 0.5 - d[0]) * stride;
      boxes[i * 4 + 1] = (gy + 0.5 - d[1]) * stride;
      boxes[i * 4 + 2] = (gx + 0.5 + d[2]) * stride;
      boxes[i * 4 + 3] = (gy + 0.5 + d[3]) * stride;
      for (let k = 0; k < C; k++) {
        const v = cls.data[k * hw + cell];
        scores[k * n + i] = logits ? sigmoid(v) : v;
      }
    }
  }
  return { n, numClasses: C, boxes, scores };
}

/** YOLOv5's default anchors (pixels) for strides 8, 16, 32, as rknn_model_zoo's yolov5 post-processing uses. */
const YOLOV5_ANCHORS = [
  [10, 13, 16, 30, 33, 23],
  [30, 61, 62, 45, 59, 119],
  [116, 90, 156, 198, 373, 326],
];

function byLevel(outputs: RawTensor[]): RawTensor[] {
  return [...outputs].sort((a, b) => b.dims[2] * b.dims[3] - a.dims[2] * a.dims[3]);
}

/** YOLOv5/YOLOX raw levels: `cell(level, a, gx, gy, read)` writes one candidate's box and objectness·class. */
function decodeRawLevels(outputs: RawTensor[], anchors: number, yolov5: boolean, opts: LevelDecodeOptions) {
  const levels = byLevel(outputs);
  const no = levels[0].dims[1] / anchors;
  const C = no - 5;
  const n = levels.reduce((a, t) => a + anchors * t.dims[2] * t.dims[3], 0);
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(C * n);
  let i = 0;
  levels.forEach((t, level) => {
    const [, , H, W] = t.dims;
    const hw = H * W;
    const stride = opts.inputHeight / H;
    for (let a = 0; a < anchors; a++) {
      const at = (k: number, cell: number) => {
        const v = t.data[(a * no + k) * hw + cell];
        return yolov5 ? sigmoid(v) : v;
      };
      for (let cell = 0; cell < hw; cell++, i++) {
        const gx = cell % W;
        const gy = Math.floor(cell / W);
        let cx, cy, w, h;
        if (yolov5) {
          const anchor = YOLOV5_ANCHORS[level] ?? YOLOV5_ANCHORS[2];
          cx = (at(0, cell) * 2 - 0.5 + gx) * stride;
          cy = (at(1, cell) * 2 - 0.5 + gy) * stride;
          w = (at(2, cell) * 2) ** 2 * anchor[2 * a];
          h = (at(3, cell) * 2) ** 2 * anchor[2 * a + 1];
        } else {
          cx = (at(0, cell) + gx) * stride;
          cy = (at(1, cell) + gy) * stride;
          w = Math.exp(at(2, cell)) * stride;
          h = Math.exp(at(3, cell)) * stride;
        }
        boxes.set([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], i * 4);
        const obj = at(4, cell);
        for (let k = 0; k < C; k++) scores[k * n + i] = obj * at(5 + k, cell);
      }
    }
  });
  return { n, numClasses: C, boxes, scores };
}

export const decodeYolov5Split = (outputs: RawTensor[], opts: LevelDecodeOptions): Candidates => {
  if (outputs.some((o) => o.dims.length !== 4 || o.dims[1] % 3 !== 0))
    throw refuse('yolov5-split needs one [1,3·(5+C),H,W] output per level', outputs);
  if (outputs.length > YOLOV5_ANCHORS.length)
    throw refuse(`yolov5-split knows the default anchors of ${YOLOV5_ANCHORS.length} levels`, outputs);
  return decodeRawLevels(outputs, 3, true, opts);
};

export const decodeYoloxSplit = (outputs: RawTensor[], opts: LevelDecodeOptions): Candidates => {
  if (outputs.some((o) => o.dims.length !== 4)) throw refuse('yolox-split needs one [1,5+C,H,W] per level', outputs);
  return decodeRawLevels(outputs, 1, false, opts);
};

/**
 * The end-to-end head's tail on decoded candidates (a cut YOLOv10 keeps its NMS-free semantics): the top
 * `maxDet` anchors by best class score, then the top `maxDet` (anchor, class) pairs among them, as Ultralytics'
 * Detect.postprocess does in the uncut graph. Returns final detections (no NMS follows).
 */
export function endToEndTopK(c: Candidates, maxDet = 300): Candidates {
  const k = Math.min(maxDet, c.n);
  const best = new Float32Array(c.n).fill(-Infinity);
  for (let cls = 0; cls < c.numClasses; cls++)
    for (let i = 0; i < c.n; i++) best[i] = Math.max(best[i], c.scores[cls * c.n + i]);
  const anchors = Array.from(best.keys())
    .sort((a, b) => best[b] - best[a] || a - b)
    .slice(0, k);
  const pairs = anchors.flatMap((i) => Array.from({ length: c.numClasses }, (_, cls) => ({ i, cls })));
  const score = (p: { i: number; cls: number }) => c.scores[p.cls * c.n + p.i];
  const top = pairs.sort((a, b) => score(b) - score(a)).slice(0, k);
  const boxes = new Float32Array(k * 4);
  top.forEach((p, j) => boxes.set(c.boxes.subarray(p.i * 4, p.i * 4 + 4), j * 4));
  return {
    n: k,
    numClasses: c.numClasses,
    boxes,
    scores: new Float32Array(0),
    final: { scores: Float32Array.from(top, score), classes: Int32Array.from(top, (p) => p.cls) },
  };
}
