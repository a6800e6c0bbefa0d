import type { CocoCategory } from './coco-types';

/** `np.linspace` exactly: i * step + start, last element set to stop (so thresholds compare bit-equal). */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const y = Array.from({ length: num }, (_, i) => i * step + start);
  y[num - 1] = stop;
  return y;
}

export const IOU_THRS = linspace(0.5, 0.95, 10);
export const REC_THRS = linspace(0, 1, 101);
export const MAX_DETS = [1, 10, 100];
export const AREA_RANGES: [number, number][] = [
  [0, 1e10],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e10],
];
export const AREA_LABELS = ['all', 'small', 'medium', 'large'] as const;

export interface CocoClassResult {
  id: number;
  name: string;
  ap: number;
  ap50: number;
  ap75: number;
  /** AR .5:.95 at 100 detections. */
  ar100: number;
}

/** numpy's pairwise summation (what `np.mean` does), so means agree with pycocotools to the last bits. */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Mean of the entries > -1, or -1 if there are none (pycocotools `_summarize`). */
export function meanValid(values: number[]): number {
  const valid = values.filter((v) => v > -1);
  return valid.length === 0 ? -1 : pairwiseSum(valid) / valid.length;
}

/** Collects precision[t∈ts][r][k∈ks][a][m] in C order, as numpy's boolean mask flattens it. */
function precisionSlice(
  precision: Float64Array,
  K: number,
  ts: number[],
  ks: number[],
  a: number,
  m: number,
): number[] {
  const R = REC_THRS.length;
  const A = AREA_RANGES.length;
  const M = MAX_DETS.length;
  const out: number[] = [];
  for (const t of ts)
    for (let r = 0; r < R; r++) for (const k of ks) out.push(precision[(((t * R + r) * K + k) * A + a) * M + m]);
  return out;
}

function recallSlice(recall: Float64Array, K: number, ts: number[], ks: number[], a: number, m: number): number[] {
  const A = AREA_RANGES.length;
  const M = MAX_DETS.length;
  const out: number[] = [];
  for (const t of ts) for (const k of ks) out.push(recall[((t * K + k) * A + a) * M + m]);
  return out;
}

/** IoU threshold indices selected by an exact float compare, like `np.where(iouThr == p.iouThrs)`. */
const thrIndices = (iouThr?: number): number[] =>
  iouThr === undefined ? IOU_THRS.map((_, t) => t) : IOU_THRS.flatMap((v, t) => (v === iouThr ? [t] : []));

export function summarizeCoco(
  precision: Float64Array,
  recall: Float64Array,
  catIds: number[],
  categories: CocoCategory[],
): { stats: number[]; perClass: CocoClassResult[] } {
  const K = catIds.length;
  const allK = catIds.map((_, k) => k);
  const area = (label: (typeof AREA_LABELS)[number]) => AREA_LABELS.indexOf(label);
  const ap = (iouThr: number | undefined, a: number, maxDets: number, ks = allK) =>
    meanValid(precisionSlice(precision, K, thrIndices(iouThr), ks, a, MAX_DETS.indexOf(maxDets)));
  const ar = (a: number, maxDets: number, ks = allK) =>
    meanValid(recallSlice(recall, K, thrIndices(), ks, a, MAX_DETS.indexOf(maxDets)));
  const last = MAX_DETS[MAX_DETS.length - 1];
  const stats = [
    ap(undefined, area('all'), 100), // pycocotools uses the literal 100 here, maxDets[2] elsewhere
    ap(0.5, area('all'), last),
    ap(0.75, area('all'), last),
    ap(undefined, area('small'), last),
    ap(undefined, area('medium'), last),
    ap(undefined, area('large'), last),
    ar(area('all'), MAX_DETS[0]),
    ar(area('all'), MAX_DETS[1]),
    ar(area('all'), last),
    ar(area('small'), last),
    ar(area('medium'), last),
    ar(area('large'), last),
  ];
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const perClass = catIds.map((id, k) => ({
    id,
    name: names.get(id) ?? String(id),
    ap: ap(undefined, 0, last, [k]),
    ap50: ap(0.5, 0, last, [k]),
    ap75: ap(0.75, 0, last, [k]),
    ar100: ar(0, last, [k]),
  }));
  return { stats, perClass };
}
