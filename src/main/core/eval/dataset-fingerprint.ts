import { createHash } from 'node:crypto';
import type { CocoGroundTruth } from '../metrics/coco-types';

/**
 * Identifies the exact images and ground truth an AP was computed on: the sorted image ids and a
 * hash of the GT content (categories, and each annotation's image, category, box, area, crowd
 * flag). File names, annotation ids and key order do not count, so the same labels read twice
 * (or re-saved) give the same fingerprint, while one moved box or one more image gives another.
 * Boxes are rounded to 1/1000 px so float noise of a loader cannot split one dataset in two.
 */
export function datasetFingerprint(gt: CocoGroundTruth): string {
  const num = (v: number) => (Math.round(v * 1000) / 1000).toString();
  const images = gt.images.map((im) => im.id).sort((a, b) => a - b);
  const categories = gt.categories
    .map((c) => `${c.id}:${c.name}`)
    .sort()
    .join('|');
  const annotations = gt.annotations
    .map((a) =>
      [a.image_id, a.category_id, ...a.bbox.map(num), num(a.area ?? a.bbox[2] * a.bbox[3]), a.iscrowd ? 1 : 0].join(
        ',',
      ),
    )
    .sort();
  const hash = createHash('sha256');
  hash.update(`images:${images.join(',')}\ncategories:${categories}\n`);
  for (const line of annotations) hash.update(`${line}\n`);
  return `${images.length}-${hash.digest('hex').slice(0, 16)}`;
}
