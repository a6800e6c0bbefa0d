import { UserError } from '../errors/user-error';
import type { HeadKind, RawTensor } from './detection-types';

/**
 * Which decoders fit a model's outputs, by shape alone (names are not trusted: exporters name outputs
 * `output0`, `345`, or after what another output holds). A layout fits a decoder only when every output is
 * accounted for; one that fits none is refused with what was found, never decoded by a guess.
 */

/** Metadata key a cut model carries naming the decoder it needs (written by head surgery). */
export const HEAD_METADATA_KEY = 'npu_workbench.head';

export type OutputShape = Pick<RawTensor, 'dims' | 'name' | 'integer'>;

export interface ShapeContext {
  inputWidth: number;
  inputHeight: number;
}

/** Stride sets of anchor-free heads: P3-P5 (most), P3-P6, P2-P5. */
const STRIDE_SETS = [
  [8, 16, 32],
  [8, 16, 32, 64],
  [4, 8, 16, 32],
];

/** NanoDet-Plus' own single output [1, N, C + 32]: strides 8/16/32/64, 4×8 box bins (reg_max 7, every config). */
export const NANODET_PLUS_STRIDES = [8, 16, 32, 64];
export const NANODET_PLUS_BOX = 32;

/** Grid cells of a level of stride `s` at the input size. */
export const cells = (ctx: ShapeContext, s: number) => Math.ceil(ctx.inputWidth / s) * Math.ceil(ctx.inputHeight / s);
/** The strides a per-level NanoDet/GFL output may have (its level is the one whose cell count it has). */
export const GFL_STRIDES = [4, 8, 16, 32, 64, 128];
const total = (ctx: ShapeContext, set: number[]) => set.reduce((n, s) => n + cells(ctx, s), 0);
const cellTotals = (ctx: ShapeContext) => STRIDE_SETS.map((set) => total(ctx, set));

/** Per-level outputs of the rknn_model_zoo DFL layout: box (4·reg_max), cls (C), optional score_sum (1). */
export interface SplitLevel {
  box: number;
  cls: number;
  scoreSum?: number;
}

/**
 * The rknn_model_zoo 6/9-output layout: 4-D outputs grouped by H×W, each group exactly a box (4·reg_max
 * channels, reg_max ≥ 2), a cls (C) and optionally a 1-channel score_sum, with the same C and reg_max on every
 * level. Returns indices into `outputs`, levels largest first; null when the outputs are anything else.
 */
export function splitLevels(outputs: readonly Pick<OutputShape, 'dims'>[]): SplitLevel[] | null {
  if (outputs.length < 2 || outputs.some((o) => o.dims.length !== 4 || o.dims[0] !== 1)) return null;
  const groups = new Map<string, number[]>();
  outputs.forEach((o, i) => {
    const key = `${o.dims[2]}x${o.dims[3]}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const levels: SplitLevel[] = [];
  for (const members of groups.values()) {
    const ch = (i: number) => outputs[i].dims[1];
    const sum = members.length === 3 ? members.find((i) => ch(i) === 1) : undefined;
    const rest = members.filter((i) => i !== sum);
    if (rest.length !== 2 || (members.length === 3 && sum === undefined)) return null;
    // In rknn_model_zoo order the box comes first; 64 (reg_max 16) identifies it when the class count is also 4k.
    const box = rest.find((i) => ch(i) === 64) ?? rest.find((i) => ch(i) % 4 === 0 && ch(i) >= 8);
    const cls = rest.find((i) => i !== box);
    if (box === undefined || cls === undefined || ch(cls) < 1) return null;
    levels.push({ box, cls, ...(sum !== undefined && { scoreSum: sum }) });
  }
  const first = levels[0];
  const same = (l: SplitLevel) =>
    outputs[l.box].dims[1] === outputs[first.box].dims[1] && outputs[l.cls].dims[1] === outputs[first.cls].dims[1];
  if (!levels.every(same) || new Set(levels.map((l) => l.scoreSum === undefined)).size > 1) return null;
  return levels.sort((a, b) => outputs[b.box].dims[2] - outputs[a.box].dims[2]);
}

/** One 4-D [1, ch, H, W] output per level, all with the same channel count (cut YOLOv5/YOLOX heads). */
function onePerLevel(outputs: readonly OutputShape[]): number | null {
  if (outputs.length < 2 || outputs.some((o) => o.dims.length !== 4 || o.dims[0] !== 1)) return null;
  const ch = outputs[0].dims[1];
  if (outputs.some((o) => o.dims[1] !== ch)) return null;
  return new Set(outputs.map((o) => `${o.dims[2]}x${o.dims[3]}`)).size === outputs.length ? ch : null;
}

/** NanoDet/GFL: per level a cls [1?, N, C] and a box distribution [1?, N, 4·(reg_max+1)], N the level's cells. */
export function gflLevels(outputs: readonly OutputShape[], ctx: ShapeContext): { n: number; pair: number[] }[] | null {
  const rank = outputs[0]?.dims.length;
  if (outputs.length < 2 || outputs.length % 2 !== 0 || (rank !== 2 && rank !== 3)) return null;
  if (outputs.some((o) => o.dims.length !== rank || (rank === 3 && o.dims[0] !== 1))) return null;
  const rows = (o: OutputShape) => o.dims[rank - 2];
  const groups = new Map<number, number[]>();
  outputs.forEach((o, i) => groups.set(rows(o), [...(groups.get(rows(o)) ?? []), i]));
  const valid = new Set(GFL_STRIDES.map((s) => cells(ctx, s)));
  const levels = [...groups].map(([n, pair]) => ({ n, pair }));
  const width = (i: number) => outputs[i].dims[rank - 1];
  const ok = levels.every(
    ({ n, pair }) => valid.has(n) && pair.length === 2 && pair.some((i) => width(i) % 4 === 0 && width(i) >= 8),
  );
  const widths = (l: { pair: number[] }) => l.pair.map(width).sort((a, b) => a - b);
  const consistent = levels.every((l) => widths(l).join() === widths(levels[0]).join());
  return ok && consistent ? levels.sort((a, b) => b.n - a.n) : null;
}

/** Every decoder the output shapes fit exactly. */
export function fittingHeads(outputs: readonly OutputShape[], ctx: ShapeContext): HeadKind[] {
  const fits: HeadKind[] = [];
  const totals = cellTotals(ctx);
  if (outputs.length === 1 && outputs[0].dims.length === 3 && outputs[0].dims[0] === 1) {
    const [, a, b] = outputs[0].dims;
    // [1, 4+C, N]: channels first is Ultralytics' own layout, whatever the anchor count (P2/P6 variants, odd sizes).
    if (a < b && a > 4) fits.push('yolov8');
    if (b > 5 && totals.some((t) => 3 * t === a)) fits.push('yolov5');
    // YOLOX's grid is P3-P5 (what the yolox decoder lays out); a 4-level N is NanoDet-Plus' export.
    if (b > 5 && total(ctx, STRIDE_SETS[0]) === a) fits.push('yolox');
    if (b > NANODET_PLUS_BOX && total(ctx, NANODET_PLUS_STRIDES) === a) fits.push('nanodet');
    if (b === 6 && a >= 1 && a <= 1000) fits.push('yolov10');
  }
  if (splitLevels(outputs)) fits.push('split');
  const ch = onePerLevel(outputs);
  if (ch !== null && ch % 3 === 0 && ch / 3 > 5) fits.push('yolov5-split');
  if (ch !== null && ch > 5) fits.push('yolox-split');
  // NanoDet-Plus and NanoDet-m/GFL export the same shapes and differ only in their priors: the user picks.
  if (gflLevels(outputs, ctx)) fits.push('nanodet', 'nanodet-m');
  if (detrOutputs(outputs)) fits.push('detr');
  return fits;
}

/** DETR-family postprocessed outputs: labels [1, Q], boxes [1, Q, 4], scores [1, Q]; labels are the integer one. */
export function detrOutputs(outputs: readonly OutputShape[]): { labels: number; boxes: number; scores: number } | null {
  if (outputs.length !== 3) return null;
  const boxes = outputs.findIndex((o) => o.dims.length === 3 && o.dims[2] === 4);
  const flat = outputs.map((o, i) => i).filter((i) => i !== boxes && outputs[i].dims.length === 2);
  if (boxes < 0 || flat.length !== 2) return null;
  const q = outputs[boxes].dims[1];
  if (flat.some((i) => outputs[i].dims[1] !== q)) return null;
  const labels = flat.find((i) => outputs[i].integer) ?? -1;
  const scores = flat.find((i) => i !== labels) ?? -1;
  return labels >= 0 && scores >= 0 ? { labels, boxes, scores } : null;
}

export const shapes = (outputs: readonly OutputShape[]) =>
  outputs.map((o) => `${o.name ?? 'output'}[${o.dims.join(',')}]`).join(', ');

const EXPECTED =
  'yolov8 [1,4+C,N] (4+C < N) · yolov5 [1,3N,5+C] · yolox [1,N,5+C] · yolov10 [1,K,6] · ' +
  'split per level box [1,4·reg_max,H,W] + ' +
  'cls [1,C,H,W] (+ score_sum [1,1,H,W]) · yolov5-split per level [1,3(5+C),H,W] · yolox-split per level ' +
  '[1,5+C,H,W] · nanodet (Plus priors x·stride) and nanodet-m (GFL priors (x+0.5)·stride) per level cls [1,N,C] + ' +
  'box [1,N,4(reg_max+1)] (batch dim optional), nanodet also [1,N,C+32] over strides 8-64 · detr labels [1,Q] ' +
  '(integer) + boxes [1,Q,4] + scores [1,Q] (N = grid cells of strides 8/16/32 at the input size)';

/**
 * The decoder for these outputs: the one that fits, or `hint` (model metadata) among several that do.
 * No fit, or several without a hint, is a UserError naming what was found and the heads that fit.
 */
export function detectHeadKind(outputs: readonly OutputShape[], ctx: ShapeContext, hint?: HeadKind): HeadKind {
  const fits = fittingHeads(outputs, ctx);
  if (hint && fits.includes(hint)) return hint;
  if (fits.length === 1) return fits[0];
  const found = `${shapes(outputs)} at input ${ctx.inputWidth}×${ctx.inputHeight}`;
  if (fits.length === 0)
    throw new UserError(
      `No decoder fits the model outputs ${found}. Decoders: ${EXPECTED}`,
      'This output layout is not supported. Export the detector in one of the listed layouts (for a YOLO, the ' +
        'exporter ONNX or an rknn_model_zoo cut), or check the input size.',
      'invalid_input',
      'imgsz',
    );
  throw new UserError(
    `The model outputs ${found} fit several decoders: ${fits.join(', ')}`,
    `Set the output layout (head) to one of ${fits.join(', ')}.`,
    'invalid_input',
    'head',
  );
}

/** An explicit head must fit the outputs too (it picks among fitting decoders; it cannot force one). */
export function checkHeadFits(outputs: readonly OutputShape[], ctx: ShapeContext, head: HeadKind): void {
  const fits = fittingHeads(outputs, ctx);
  if (fits.includes(head)) return;
  // A transposed YOLOv8 output [1, N, 4+C] (some converters write it) reads as yolox by shape: only on request.
  const [, a, b] = outputs[0]?.dims ?? [];
  if (head === 'yolov8' && outputs.length === 1 && outputs[0].dims.length === 3 && cellTotals(ctx).includes(a) && b > 4)
    return;
  throw new UserError(
    `Output layout (head) ${head} does not fit the model outputs ${shapes(outputs)} ` +
      `at input ${ctx.inputWidth}×${ctx.inputHeight}`,
    fits.length
      ? `Output layouts (heads) that fit: ${fits.join(', ')}.`
      : `No decoder fits them. Decoders: ${EXPECTED}`,
    'invalid_input',
    'head',
  );
}
