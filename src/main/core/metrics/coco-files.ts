import { readJsonFile } from '../data/coco-dataset';
import { UserError } from '../errors/user-error';
import type { CocoDetection, CocoGroundTruth } from './coco-types';

const bad = (file: string, where: string, what: string, hint: string) =>
  new UserError(`${file}:${where}: ${what}`, hint, 'invalid_input');
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A COCO results file (list of {image_id, category_id, bbox, score}), validated entry by entry. */
export async function readCocoResults(file: string): Promise<CocoDetection[]> {
  const doc = await readJsonFile(file);
  const hint = 'A COCO results file is a JSON list of {"image_id", "category_id", "bbox": [x, y, w, h], "score"}.';
  if (!Array.isArray(doc)) throw new UserError(`${file}: expected a JSON list of detections`, hint, 'invalid_input');
  if (doc.length === 0)
    throw new UserError(
      `${file}: contains no detections`,
      'Check that this is the detector output for this dataset (an empty list usually means the export or the ' +
        'board run produced nothing); pycocotools refuses it too.',
      'invalid_input',
    );
  doc.forEach((d: Record<string, unknown>, i) => {
    if (!d || typeof d !== 'object') throw bad(file, `[${i}]`, 'not an object', hint);
    if (!finite(d.image_id)) throw bad(file, `[${i}]`, 'image_id must be a number', hint);
    if (!finite(d.category_id)) throw bad(file, `[${i}]`, 'category_id must be a number', hint);
    if (!Array.isArray(d.bbox) || d.bbox.length !== 4 || !d.bbox.every(finite))
      throw bad(file, `[${i}]`, 'bbox must be 4 finite numbers [x, y, w, h]', hint);
    if ((d.bbox as number[])[2]! < 0 || (d.bbox as number[])[3]! < 0)
      throw bad(
        file,
        `[${i}]`,
        'bbox width and height must not be negative',
        'COCO boxes are [x, y, width, height]; a negative size usually means [x1, y1, x2, y2] corners were written.',
      );
    if (!finite(d.score)) throw bad(file, `[${i}]`, 'score must be a finite number', hint);
  });
  return doc as CocoDetection[];
}

/** A COCO instances file as COCOeval reads it (images, annotations with bbox/area/iscrowd, categories). */
export async function readCocoGroundTruth(file: string): Promise<CocoGroundTruth> {
  const doc = (await readJsonFile(file)) as Record<string, unknown>;
  const hint = 'A COCO instances file has "images", "annotations" and "categories" lists.';
  for (const key of ['images', 'annotations', 'categories']) {
    if (!Array.isArray(doc?.[key]))
      throw new UserError(`${file}: "${key}" is missing or not a list`, hint, 'invalid_input');
  }
  (doc.images as Record<string, unknown>[]).forEach((im, i) => {
    if (!finite(im?.id)) throw bad(file, `images[${i}]`, 'id must be a number', hint);
  });
  (doc.categories as Record<string, unknown>[]).forEach((c, i) => {
    if (!finite(c?.id)) throw bad(file, `categories[${i}]`, 'id must be a number', hint);
  });
  (doc.annotations as Record<string, unknown>[]).forEach((a, i) => {
    if (!finite(a?.id) || !finite(a?.image_id) || !finite(a?.category_id))
      throw bad(file, `annotations[${i}]`, 'id, image_id and category_id must be numbers', hint);
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4 || !a.bbox.every(finite))
      throw bad(file, `annotations[${i}]`, 'bbox must be 4 finite numbers [x, y, w, h]', hint);
    if (a.area !== undefined && !finite(a.area)) throw bad(file, `annotations[${i}]`, 'area must be a number', hint);
  });
  return doc as unknown as CocoGroundTruth;
}
