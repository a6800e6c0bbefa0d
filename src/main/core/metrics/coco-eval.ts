import { UserError } from '../errors/user-error';
import {
  AREA_LABELS,
  AREA_RANGES,
  IOU_THRS,
  MAX_DETS,
  REC_THRS,
  summarizeCoco,
  type CocoClassResult,
} from './coco-summary';
import type { CocoDetection, CocoGroundTruth } from './coco-types';
import { accumulate } from './coco-accumulate';
import { DIMS, IGNORED, MATCHED, precisionIndex, recallIndex, type EvaluatedImgs } from './coco-eval-layout';

/**
 * COCO bbox evaluation, a faithful re-implementation of pycocotools 2.0.x `COCOeval` (evaluate +
 * accumulate + summarize) with default parameters. Every quirk is kept on purpose (reference §6):
 * stable sorts, GT `area` for the ranges, crowd IoU = inter/dt-area, maxDets per image per category,
 * inclusive area bounds, the `>=` match with the ignored-GT break, "matched" meaning a non-zero GT id,
 * ignored detections kept as entries of the PR curve, the right-to-left envelope, left searchsorted
 * with zero fill, and means over entries > -1. It differs from pycocotools only in being fast:
 * IoUs, GT orders and the per-category score sort are computed once and shared across area ranges.
 */

export interface CocoEvalResult {
  /** The 12 summary stats in pycocotools order. */
  stats: number[];
  imgIds: number[];
  catIds: number[];
  /** precision[t][r][k][a][m] flattened (pycocotools `eval['precision']`); -1 where a category has no GT. */
  precision: Float64Array;
  /** recall[t][k][a][m] flattened. */
  recall: Float64Array;
  /** Per category: AP .5:.95 and AP50 (area all, 100 dets), -1 without GT. */
  perClass: CocoClassResult[];
  /** Detections whose category is not in the GT (pycocotools drops them silently). */
  droppedDetections: number;
}

/** Counting sort of item indices into groups, keeping input order inside a group (pycocotools' list appends). */
function groupBy(n: number, groups: number, keyOf: (i: number) => number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(groups + 1);
  const keys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = keyOf(i);
    if (keys[i] >= 0) start[keys[i] + 1]++;
  }
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const order = new Int32Array(start[groups]);
  for (let i = 0; i < n; i++) if (keys[i] >= 0) order[fill[keys[i]]++] = i;
  return { start, order };
}

/** `maskApi.c bbIou`: no +1, crowd union = detection area, (da + ga) - inter. */
function bbIou(
  dx: number,
  dy: number,
  dw: number,
  dh: number,
  gx: number,
  gy: number,
  gw: number,
  gh: number,
  crowd: boolean,
): number {
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (w <= 0) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (h <= 0) return 0;
  const i = w * h;
  const da = dw * dh;
  return i / (crowd ? da : da + gw * gh - i);
}

/**
 * Per image and category (pycocotools `evaluateImg`, for every area range and IoU threshold at once): detections
 * sorted by score and cut to maxDets[-1], matched greedily to the GT, each match flagged per (area, threshold).
 */
function evaluateImgs(gt: CocoGroundTruth, dets: CocoDetection[]): EvaluatedImgs {
  const { T, A, M } = DIMS;
  const maxDetLast = MAX_DETS[M - 1];
  const imgIds = [...new Set(gt.images.map((im) => im.id))].sort((a, b) => a - b);
  const catIds = [...new Set(gt.categories.map((c) => c.id))].sort((a, b) => a - b);
  const N = imgIds.length;
  const K = catIds.length;
  const imgIndex = new Map(imgIds.map((id, i) => [id, i]));
  const catIndex = new Map(catIds.map((id, k) => [id, k]));
  const groups = N * K;
  // Group key k*N + i: a category's groups are contiguous and in imgId order, as accumulate wants them.
  const keyOf = (imageId: number, categoryId: number): number => {
    const i = imgIndex.get(imageId);
    const k = catIndex.get(categoryId);
    return i === undefined || k === undefined ? -1 : k * N + i;
  };

  for (let d = 0; d < dets.length; d++) {
    if (!imgIndex.has(dets[d].image_id)) {
      throw new UserError(
        `detection ${d}: image_id ${dets[d].image_id} is not an image of the ground truth`,
        'Results must only reference images of the ground-truth file (pycocotools asserts the same); ' +
          'check the image id mapping.',
        'invalid_input',
      );
    }
  }
  const droppedDetections = dets.filter((d) => !catIndex.has(d.category_id)).length;
  const anns = gt.annotations;
  const g = groupBy(anns.length, groups, (j) => keyOf(anns[j].image_id, anns[j].category_id));
  const dg = groupBy(dets.length, groups, (j) => keyOf(dets[j].image_id, dets[j].category_id));

  // Per group: detections sorted by -score (stable) and cut to maxDets[-1]; positions index the flag arrays.
  const evStart = new Int32Array(groups + 1);
  for (let key = 0; key < groups; key++)
    evStart[key + 1] = evStart[key] + Math.min(maxDetLast, dg.start[key + 1] - dg.start[key]);
  const P = evStart[groups];
  const evScore = new Float64Array(P);
  const evRank = new Uint8Array(P);
  // Flags of a detection for every (area, threshold) sit side by side: accumulate walks detections in
  // score order across images, and one cache line per detection keeps that walk cheap.
  const AT = A * T;
  const flags = new Uint8Array(P * AT);
  const npig = new Int32Array(K * A);
  const present = new Uint8Array(groups);

  // Flat copies in group order (GT) and input order (dets): the loops below touch only typed arrays.
  const gN = g.order.length;
  const gBox = new Float64Array(gN * 4);
  const gArea = new Float64Array(gN);
  const gCrowd = new Uint8Array(gN);
  const gId = new Float64Array(gN);
  for (let j = 0; j < gN; j++) {
    const a = anns[g.order[j]];
    for (let c = 0; c < 4; c++) gBox[j * 4 + c] = a.bbox[c];
    gArea[j] = a.area ?? a.bbox[2] * a.bbox[3];
    gCrowd[j] = a.iscrowd ? 1 : 0;
    gId[j] = a.id;
  }
  const dScore = Float64Array.from(dets, (d) => d.score);
  const dBox = new Float64Array(dets.length * 4);
  dets.forEach((d, j) => dBox.set(d.bbox, j * 4));

  let ious = new Float64Array(0);
  let gtind = new Int32Array(0);
  let gtm = new Uint8Array(0);
  for (let key = 0; key < groups; key++) {
    const g0 = g.start[key];
    const G = g.start[key + 1] - g0;
    const d0 = dg.start[key];
    const nd = dg.start[key + 1] - d0;
    if (G === 0 && nd === 0) continue;
    present[key] = 1;
    const k = Math.floor(key / N);
    const dts =
      nd > 1
        ? Array.from(dg.order.subarray(d0, d0 + nd)).sort((a, b) => dScore[b] - dScore[a] || a - b)
        : dg.order.subarray(d0, d0 + nd);
    const D = Math.min(nd, maxDetLast);
    const p0 = evStart[key];
    for (let d = 0; d < D; d++) {
      evScore[p0 + d] = dScore[dts[d]];
      evRank[p0 + d] = d;
    }
    if (ious.length < D * G) ious = new Float64Array(D * G * 2);
    if (gtind.length < G) {
      gtind = new Int32Array(G * 2);
      gtm = new Uint8Array(G * 2);
    }
    for (let d = 0; d < D; d++) {
      const o = dts[d] * 4;
      for (let j = 0; j < G; j++) {
        const q = (g0 + j) * 4;
        ious[d * G + j] = bbIou(
          dBox[o],
          dBox[o + 1],
          dBox[o + 2],
          dBox[o + 3],
          gBox[q],
          gBox[q + 1],
          gBox[q + 2],
          gBox[q + 3],
          gCrowd[g0 + j] === 1,
        );
      }
    }
    for (let a = 0; a < A; a++) {
      const [lo, hi] = AREA_RANGES[a];
      const ignoredAt = (j: number) => gCrowd[g0 + j] === 1 || gArea[g0 + j] < lo || gArea[g0 + j] > hi;
      // Stable argsort by the ignore flag = non-ignored GTs in order, then ignored ones in order.
      let nIg = 0;
      for (let j = 0; j < G; j++) if (!ignoredAt(j)) gtind[nIg++] = j;
      npig[k * A + a] += nIg;
      for (let j = 0, w = nIg; j < G; j++) if (ignoredAt(j)) gtind[w++] = j;
      for (let t = 0; t < T; t++) {
        gtm.fill(0, 0, G);
        for (let d = 0; d < D; d++) {
          let best = Math.min(IOU_THRS[t], 1 - 1e-10);
          let m = -1;
          for (let j = 0; j < G; j++) {
            if (gtm[j] && !gCrowd[g0 + gtind[j]]) continue;
            if (m > -1 && m < nIg && j >= nIg) break; // a non-ignored match is never traded for an ignored GT
            const iou = ious[d * G + gtind[j]];
            if (iou < best) continue;
            best = iou;
            m = j;
          }
          let f = 0;
          if (m !== -1) {
            gtm[m] = 1;
            if (gId[g0 + gtind[m]] !== 0) f |= MATCHED; // pycocotools stores the GT id; id 0 reads as "unmatched"
            if (m >= nIg) f |= IGNORED;
          }
          if (!(f & MATCHED)) {
            const area = dBox[dts[d] * 4 + 2] * dBox[dts[d] * 4 + 3];
            if (area < lo || area > hi) f |= IGNORED;
          }
          flags[(p0 + d) * AT + a * T + t] = f;
        }
      }
    }
  }
  return { imgIds, catIds, N, K, evStart, evScore, evRank, flags, npig, present, droppedDetections };
}

export function cocoEvaluate(gt: CocoGroundTruth, dets: CocoDetection[]): CocoEvalResult {
  const evaluated = evaluateImgs(gt, dets);
  const { imgIds, catIds, droppedDetections } = evaluated;
  const { precision, recall } = accumulate(evaluated);
  const { stats, perClass } = summarizeCoco(precision, recall, catIds, gt.categories);
  return { stats, imgIds, catIds, precision, recall, perClass, droppedDetections };
}

export { AREA_LABELS, DIMS, IOU_THRS, MAX_DETS, precisionIndex, recallIndex, REC_THRS };
