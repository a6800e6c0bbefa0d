import { UserError } from '../errors/user-error';
import type { Candidates, HeadKind, RawTensor } from './detection-types';
import { detrOutputs, shapes } from './head-shapes';
import { decodeNanodet } from './gfl-decoders';
import { decodeSplit, decodeYolov5Split, decodeYoloxSplit } from './level-decoders';

/**
 * Decoders of single-output layouts (per-level layouts: level-decoders.ts), each producing boxes (xyxy,
 * model-input pixels) and final class scores:
 * - `yolov8`  (v8/11 single output) [1, 4+C, N]: cx cy w h + sigmoid class scores.
 * - `yolov5`  [1, N, 5+C]: cx cy w h, objectness, class probs; score = obj·cls.
 * - `yolox`   raw [1, N, 5+C]: (xy + grid)·stride, exp(wh)·stride, strides 8/16/32; score = obj·cls.
 * - `yolov10` end-to-end [1, K, 6]: x1 y1 x2 y2 score class, no NMS.
 * - `detr`    labels [1, Q] + boxes [1, Q, 4] (xyxy, scaled by the orig_target_sizes input, which the runtime
 *             feeds with the model input size) + scores [1, Q]: final, no NMS.
 */

const STRIDES = [8, 16, 32];

export interface DecodeOptions {
  /** Model input size (needed for YOLOX grids and split-head strides). */
  inputWidth: number;
  inputHeight: number;
  /** Split heads: apply a sigmoid to cls ('auto': when values fall outside 0..1, i.e. logits). */
  clsSigmoid?: boolean | 'auto';
}

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
      'Pick the output layout (head) matching your export.',
      'invalid_input',
      'head',
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
      'Check the input size, or pick another output layout (head).',
      'invalid_input',
      'imgsz',
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

function decodeDetr(outputs: RawTensor[]): Candidates {
  const found = detrOutputs(outputs);
  if (!found)
    throw new UserError(
      `The detr decoder expects labels [1,Q] (integer), boxes [1,Q,4] and scores [1,Q]; got ${shapes(outputs)}`,
      'Pick the output layout (head) matching your export.',
      'invalid_input',
      'head',
    );
  const [labels, boxes, scores] = [found.labels, found.boxes, found.scores].map((i) => outputs[i]);
  const n = scores.dims[1];
  const classes = Int32Array.from(labels.data, (v) => Math.round(v));
  const final = { scores: scores.data.slice(0, n), classes };
  return {
    n,
    numClasses: Math.max(0, ...classes) + 1,
    boxes: boxes.data.slice(0, n * 4),
    scores: new Float32Array(0),
    final,
  };
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
    case 'yolov5-split':
      return decodeYolov5Split(outputs, opts);
    case 'yolox-split':
      return decodeYoloxSplit(outputs, opts);
    case 'nanodet':
      return decodeNanodet(outputs, opts, 0);
    case 'nanodet-m':
      return decodeNanodet(outputs, opts, 0.5);
    case 'detr':
      return decodeDetr(outputs);
  }
}
