import { cocoEvaluate, DIMS, IOU_THRS, precisionIndex, REC_THRS } from '../metrics/coco-eval';
import type { CocoClassResult } from '../metrics/coco-summary';
import type { CocoDetection, CocoGroundTruth } from '../metrics/coco-types';

/** Per class precision at the 101 COCO recall points (area all, 100 dets); -1 for classes without GT. */
export interface PrCurves {
  recall: number[];
  iouThresholds: number[];
  classes: { id: number; name: string; precision: number[][] }[];
}

export interface EvalScore {
  /** The 12 pycocotools summary stats. */
  stats: number[];
  map: number;
  map50: number;
  map75: number;
  perClass: CocoClassResult[];
  prCurves: PrCurves;
  droppedDetections: number;
}

const CURVE_IOUS = [0.5, 0.75];

/** Scores COCO results against a COCO ground truth (pycocotools-identical) and extracts PR curves. */
export function scoreDetections(gt: CocoGroundTruth, dets: CocoDetection[]): EvalScore {
  const r = cocoEvaluate(gt, dets);
  const K = r.catIds.length;
  const all = 0;
  const m100 = DIMS.M - 1;
  const curveTs = CURVE_IOUS.map((v) => IOU_THRS.indexOf(v));
  const prCurves: PrCurves = {
    recall: [...REC_THRS],
    iouThresholds: CURVE_IOUS,
    classes: r.perClass.map((c, k) => ({
      id: c.id,
      name: c.name,
      precision: curveTs.map((t) => REC_THRS.map((_, ri) => r.precision[precisionIndex(K, t, ri, k, all, m100)])),
    })),
  };
  return {
    stats: r.stats,
    map: r.stats[0],
    map50: r.stats[1],
    map75: r.stats[2],
    perClass: r.perClass,
    prCurves,
    droppedDetections: r.droppedDetections,
  };
}
