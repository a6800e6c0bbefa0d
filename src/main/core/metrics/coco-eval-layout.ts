import { AREA_RANGES, IOU_THRS, MAX_DETS, REC_THRS } from './coco-summary';

/**
 * The shape of COCOeval's arrays, shared by evaluateImgs (which fills the per-detection flags) and accumulate
 * (which reads them into `precision`/`recall`): dimensions, flat indices and the flag bits.
 */

export const DIMS = { T: IOU_THRS.length, R: REC_THRS.length, A: AREA_RANGES.length, M: MAX_DETS.length };

/** Index into `precision` for (t, r, k, a, m). */
export const precisionIndex = (K: number, t: number, r: number, k: number, a: number, m: number): number =>
  (((t * DIMS.R + r) * K + k) * DIMS.A + a) * DIMS.M + m;
export const recallIndex = (K: number, t: number, k: number, a: number, m: number): number =>
  ((t * K + k) * DIMS.A + a) * DIMS.M + m;

export const MATCHED = 1;
export const IGNORED = 2;

/** What evaluateImgs hands accumulate: per (category, image) group its detections' scores, ranks and flags. */
export interface EvaluatedImgs {
  imgIds: number[];
  catIds: number[];
  N: number;
  K: number;
  /** Group key k*N + i → its first detection position (positions index evScore/evRank/flags). */
  evStart: Int32Array;
  evScore: Float64Array;
  /** Rank of the detection in its image (score order), for the smaller maxDets. */
  evRank: Uint8Array;
  /** MATCHED/IGNORED per detection position × area range × IoU threshold. */
  flags: Uint8Array;
  /** Non-ignored GT count per category × area range. */
  npig: Int32Array;
  /** Groups with any GT or detection (pycocotools evaluates only those). */
  present: Uint8Array;
  droppedDetections: number;
}
