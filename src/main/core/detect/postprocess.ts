import type { LetterboxGeometry } from '../data/letterbox';
import { unletterboxBox } from '../data/letterbox';
import type { CocoDetection } from '../metrics/coco-types';
import type { Detection, HeadKind, RawTensor } from './detection-types';
import { nonMaxSuppression, type NmsOptions, ULTRALYTICS_VAL_NMS } from './nms';
import { checkHeadFits, detectHeadKind } from './head-shapes';
import { endToEndTopK } from './level-decoders';
import { decodeOutputs } from './yolo-decoders';

export interface PostprocessOptions extends NmsOptions {
  /** Output layout; 'auto' picks it from the output shapes. */
  head: HeadKind | 'auto';
  /** Split heads: whether cls needs a sigmoid ('auto' = when values are logits). */
  clsSigmoid?: boolean | 'auto';
  /** The head the model's metadata suggests (Ultralytics end2end, a cut model's own note): picks among fits. */
  headHint?: HeadKind;
  /** An end-to-end (YOLOv10-style) model cut before its TopK tail: decoded per-level outputs get that tail. */
  endToEnd?: boolean;
}

export const DEFAULT_POSTPROCESS: PostprocessOptions = { ...ULTRALYTICS_VAL_NMS, head: 'auto', clsSigmoid: 'auto' };

/**
 * Model outputs of one image → detections in original-image pixels: decode, NMS, then map back
 * through the letterbox and clip. Works on any runtime's outputs (ORT, rknn, atc, TensorRT dumps).
 */
export function postprocess(
  outputs: RawTensor[],
  geometry: LetterboxGeometry,
  opts: PostprocessOptions,
): { head: HeadKind; detections: Detection[] } {
  const decodeOpts = { inputWidth: geometry.width, inputHeight: geometry.height, clsSigmoid: opts.clsSigmoid };
  const head = opts.head === 'auto' ? detectHeadKind(outputs, decodeOpts, opts.headHint) : opts.head;
  if (opts.head !== 'auto') checkHeadFits(outputs, decodeOpts, head);
  const decoded = decodeOutputs(outputs, head, decodeOpts);
  const kept = nonMaxSuppression(opts.endToEnd && !decoded.final ? endToEndTopK(decoded, opts.maxDet) : decoded, opts);
  const detections = kept.map((d) => {
    const [x1, y1, x2, y2] = unletterboxBox(geometry, d.x1, d.y1, d.x2, d.y2);
    return { ...d, x1, y1, x2, y2 };
  });
  return { head, detections };
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * COCO results lines, rounded like Ultralytics' pred_to_json (bbox 3 decimals, score 5), so a saved
 * file scores exactly like the in-memory evaluation. Classes without a category are dropped.
 */
export function toCocoResults(detections: Detection[], imageId: number, categoryIds: number[]): CocoDetection[] {
  return detections
    .filter((d) => d.classIndex < categoryIds.length)
    .map((d) => ({
      image_id: imageId,
      category_id: categoryIds[d.classIndex],
      bbox: [round(d.x1, 3), round(d.y1, 3), round(d.x2 - d.x1, 3), round(d.y2 - d.y1, 3)],
      score: round(d.score, 5),
    }));
}
