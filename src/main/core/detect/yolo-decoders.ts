import { UserError } from '../errors/user-error';
import type { Candidates, HeadKind, RawTensor } from './detection-types';

/**
 * Decoders for the YOLO output layouts met in deployment, each producing boxes (xyxy, model-input
 * pixels) and final class scores:
 * - `yolov8`  (v8/11 single output) [1, 4+C, N]: cx cy w h + sigmoid class scores.
 * - `yolov5`  [1, N, 5+C]: cx cy w h, objectness, class probs; score = obj·cls.
 * - `yolox`   raw [1, N, 5+C]: (xy + grid)·stride, exp(wh)·stride, strides 8/16/32; score = obj·cls.
 * - `yolov10` end-to-end [1, 300, 6]: x1 y1 x2 y2 score class, no NMS.
 * - `split`   rknn_model_zoo heads: per stride box [1, 4·16, H, W] (DFL) + cls [1, C, H, W]
 *             (± score_sum [1, 1, H, W], ignored like MZ's Python), cls with or without sigmoid.
 */

const STRIDES = [8, 16, 32];

export interface DecodeOptions {
  /** Model input size (needed for YOLOX grids and split-head strides). */
  inputWidth: number;
  inputHeight: number;
  /** Split heads: apply a sigmoid to cls ('auto': when values fall outside 0..1, i.e. logits). */
  clsSigmoid?: boolean | 'auto';
}

const shapes = (outputs: RawTensor[]) => outputs.map((o) => `${o.name ?? 'output'}[${o.dims.join(',')}]`).join(', ');

/** Grid cells of YOLOX-style anchor-free levels for an input size. */
const gridCells = (w: number, h: number) => STRIDES.reduce((n, s) => n + Math.floor(w / s) * Math.floor(h / s), 0);

/** Picks the decoder from the output shapes; `--head` overrides it. */
export function detectHeadKind(outputs: RawTensor[], opts: DecodeOptions): HeadKind {
  if (outputs.length > 1 && outputs.every((o) => o.dims.length === 4)) return 'split';
  if (outputs.length === 1 && outputs[0].dims.length === 3) {
    const [, a, b] = outputs[0].dims;
    if (b === 6 && a >= 6) return 'yolov10';
    if (a < b) return 'yolov8';
    return a === gridCells(opts.inputWidth, opts.inputHeight) ? 'yolox' : 'yolov5';
  }
  throw new UserError(
    `Cannot tell the YOLO head from the model outputs ${shapes(outputs)}`,
    'Pass --head yolov8|yolov5|yolox|yolov10|split (see `npu-workbench eval --help`).',
    'invalid_input',
  );
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function cxcywhToXyxy(boxes: Float32Array, i: number, cx: number, cy: number, w: number, h: number): void {
  boxes[i * 4] = cx - w / 2;
  boxes[i * 4 + 1] = cy - h / 2;
  boxes[i * 4 + 2] = cx + w / 2;
  boxes[i * 4 + 3] = cy + h / 2;
}

function single(outputs: RawTensor[], head: HeadKind): RawTensor {
  if (outputs.length !== 1 || outputs[0].dims.length !== 3) {
    throw new UserError(
      `The ${head} decoder expects one [1, ·, ·] output, got ${shapes(outputs)}`,
      'Pick the --head matching your export.',
      'invalid_input',
    );
  }
  return outputs[0];
}

function decodeV8(out: RawTensor): Candidates {
  let [, rows, n] = out.dims;
  let at = (r: number, i: number) => out.data[r * n + i];
  if (rows > n) {
    // A transposed export [1, N, 4+C]
    [n, rows] = [rows, n];
    at = (r, i) => out.data[i * rows + r];
  }
  const C = rows - 4;
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) cxcywhToXyxy(boxes, i, at(0, i), at(1, i), at(2, i), at(3, i));
  const scores =
    rows === out.dims[1]
      ? out.data.subarray(4 * n, rows * n)
      : Float32Array.from({ length: C * n }, (_, j) => at(4 + Math.floor(j / n), j % n));
  return { n, numClasses: C, boxes, scores };
}

/** Rows of [cx, cy, w, h, obj, cls…]; `grid` turns YOLOX raw regressions into pixels. */
function decodeObjectness(out: RawTensor, grid?: { x: Float32Array; y: Float32Array; s: Float32Array }): Candidates {
  const [, n, cols] = out.dims;
  const C = cols - 5;
  const d = out.data;
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(C * n);
  for (let i = 0; i < n; i++) {
    const r = i * cols;
    let [cx, cy, w, h] = [d[r], d[r + 1], d[r + 2], d[r + 3]];
    if (grid) {
      cx = (cx + grid.x[i]) * grid.s[i];
      cy = (cy + grid.y[i]) * grid.s[i];
      w = Math.exp(w) * grid.s[i];
      h = Math.exp(h) * grid.s[i];
    }
    cxcywhToXyxy(boxes, i, cx, cy, w, h);
    const obj = d[r + 4];
    for (let k = 0; k < C; k++) scores[k * n + i] = obj * d[r + 5 + k];
  }
  return { n, numClasses: C, boxes, scores };
}

/** YOLOX demo_postprocess grids: levels 8/16/32, cells row-major. */
function yoloxGrid(n: number, w: number, h: number) {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const s = new Float32Array(n);
  let i = 0;
  for (const st of STRIDES) {
    const gw = Math.floor(w / st);
    const gh = Math.floor(h / st);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, i++) {
        x[i] = gx;
        y[i] = gy;
        s[i] = st;
      }
    }
  }
  if (i !== n)
    throw new UserError(
      `YOLOX output has ${n} rows but a ${w}×${h} input gives ${i} grid cells`,
      'Check --imgsz, or pick another --head.',
      'invalid_input',
    );
  return { x, y, s };
}

function decodeV10(out: RawTensor): Candidates {
  const [, n, cols] = out.dims;
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(n);
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) boxes[i * 4 + j] = out.data[i * cols + j];
    scores[i] = out.data[i * cols + 4];
    classes[i] = Math.round(out.data[i * cols + 5]);
  }
  return { n, numClasses: Math.max(0, ...classes) + 1, boxes, scores: new Float32Array(0), final: { scores, classes } };
}

/**
 * rknn_model_zoo split heads: DFL softmax expectation, x1y1 = (grid + 0.5 − lt)·stride, x2y2 = (grid + 0.5 +
 * rb)·stride.
 */
function decodeSplit(outputs: RawTensor[], opts: DecodeOptions): Candidates {
  const byCells = new Map<string, RawTensor[]>();
  for (const o of outputs) {
    if (o.dims.length !== 4)
      throw new UserError(
        `Split-head outputs must be 4-D, got ${shapes(outputs)}`,
        'Use --head yolov8 for a single-output model.',
        'invalid_input',
      );
    const key = `${o.dims[2]}x${o.dims[3]}`;
    byCells.set(key, [...(byCells.get(key) ?? []), o]);
  }
  const levels = [...byCells.values()].sort((a, b) => b[0].dims[2] - a[0].dims[2]);
  // Per level in rknn_model_zoo order: box (4·16 channels), cls, optional score_sum (1 channel, after cls).
  const parts = levels.map((ts) => {
    const box = ts.find((t) => t.dims[1] === 64) ?? ts.find((t) => t.dims[1] % 4 === 0 && t.dims[1] > 4);
    const cls = ts.find((t) => t !== box);
    if (!box || !cls) {
      throw new UserError(
        `Split-head level ${ts[0].dims[2]}×${ts[0].dims[3]} needs a box [1,64,H,W] and a cls [1,C,H,W] output; ` +
          `got ${shapes(ts)}`,
        'Export the rknn_model_zoo layout (9 or 6 outputs).',
        'invalid_input',
      );
    }
    return { box, cls };
  });
  const C = parts[0].cls.dims[1];
  const regMax = parts[0].box.dims[1] / 4;
  const n = parts.reduce((a, p) => a + p.box.dims[2] * p.box.dims[3], 0);
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(C * n);
  let logits = opts.clsSigmoid === true;
  if (opts.clsSigmoid === 'auto' || opts.clsSigmoid === undefined)
    logits = parts.some((p) => p.cls.data.some((v) => v < 0 || v > 1));
  const prob = new Float64Array(regMax);
  let i = 0;
  for (const { box, cls } of parts) {
    const [, , H, W] = box.dims;
    const stride = opts.inputHeight / H;
    const hw = H * W;
    for (let cell = 0; cell < hw; cell++, i++) {
      const gx = cell % W;
      const gy = Math.floor(cell / W);
      const dist = [0, 0, 0, 0];
      for (let side = 0; side < 4; side++) {
        let max = -Infinity;
        for (let b = 0; b < regMax; b++) max = Math.max(max, box.data[(side * regMax + b) * hw + cell]);
        let sum = 0;
        for (let b = 0; b < regMax; b++) sum += prob[b] = Math.exp(box.data[(side * regMax + b) * hw + cell] - max);
        for (let b = 0; b < regMax; b++) dist[side] += (prob[b] / sum) * b;
      }
      boxes[i * 4] = (gx + 0.5 - dist[0]) * stride;
      boxes[i * 4 + 1] = (gy + 0.5 - dist[1]) * stride;
      boxes[i * 4 + 2] = (gx + 0.5 + dist[2]) * stride;
      boxes[i * 4 + 3] = (gy + 0.5 + dist[3]) * stride;
      for (let k = 0; k < C; k++) {
        const v = cls.data[k * hw + cell];
        scores[k * n + i] = logits ? sigmoid(v) : v;
      }
    }
  }
  return { n, numClasses: C, boxes, scores };
}

export function decodeOutputs(outputs: RawTensor[], head: HeadKind, opts: DecodeOptions): Candidates {
  switch (head) {
    case 'yolov8':
      return decodeV8(single(outputs, head));
    case 'yolov5':
      return decodeObjectness(single(outputs, head));
    case 'yolox': {
      const out = single(outputs, head);
      return decodeObjectness(out, yoloxGrid(out.dims[1], opts.inputWidth, opts.inputHeight));
    }
    case 'yolov10':
      return decodeV10(single(outputs, head));
    case 'split':
      return decodeSplit(outputs, opts);
  }
}
