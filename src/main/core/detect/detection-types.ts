/** A model output as plain data (from onnxruntime, a vendor runtime, or a tensor dump). */
export interface RawTensor {
  name?: string;
  dims: readonly number[];
  data: Float32Array;
  /** The runtime gave integers (e.g. DETR int64 labels), converted to float32 here. */
  integer?: boolean;
}

import { type HeadKindName, HeadKindSchema } from '../../../shared/contract/eval-contract';

/** Output layouts the decoders understand (see yolo-decoders.ts); declared in the contract for the UI. */
export const HEAD_KINDS = HeadKindSchema.options;
export type HeadKind = HeadKindName;

/**
 * Decoded boxes before NMS, in model-input pixels: boxes xyxy (n×4) and final per-class scores
 * stored class-major (scores[c*n + i]), which is YOLOv8's own layout and cheap to threshold.
 */
export interface Candidates {
  n: number;
  numClasses: number;
  boxes: Float32Array;
  scores: Float32Array;
  /** Set for end-to-end heads (YOLOv10): already final, one class per box, no NMS. */
  final?: { scores: Float32Array; classes: Int32Array };
}

/** One detection in original-image pixels, xyxy. */
export interface Detection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
}
