import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/user-error';
import type { CocoGroundTruth } from '../metrics/coco-types';
import { loadCocoJson } from './coco-dataset';
import type { DetectionDataset, LoadDatasetOptions } from './dataset-types';
import { loadYoloFolder, loadYoloYaml } from './yolo-dataset';

/**
 * Reads a detection dataset: a data.yaml, a COCO instances json (+ images folder), an Ultralytics
 * folder (images/ + labels/) or a plain image folder. Malformed input is reported as
 * `file:line: what is wrong`: thrown in strict mode (default), collected in `warnings` otherwise.
 */
export async function loadDetectionDataset(
  source: string,
  opts: LoadDatasetOptions & { classNames?: string[] } = {},
): Promise<DetectionDataset> {
  const abs = path.resolve(source);
  if (!existsSync(abs))
    throw new UserError(
      `${abs}: dataset not found`,
      'Pass an images folder (with sibling labels/), a data.yaml, or a COCO json.',
      'invalid_input',
    );
  if (statSync(abs).isDirectory()) return loadYoloFolder(abs, opts);
  const ext = path.extname(abs).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return loadYoloYaml(abs, opts);
  if (ext === '.json') return loadCocoJson(abs, opts);
  throw new UserError(
    `${abs}: not a dataset (expected a folder, .yaml or .json)`,
    'Pass an images folder, a data.yaml, or a COCO json.',
    'invalid_input',
  );
}

/** The dataset's ground truth as a COCO instances object (what COCOeval scores against). */
export function toCocoGroundTruth(ds: DetectionDataset, imageIds?: Set<number>): CocoGroundTruth {
  const images = ds.images.filter((im) => !imageIds || imageIds.has(im.id));
  let nextId = 1;
  return {
    images: images.map((im) => ({ id: im.id, file_name: path.basename(im.path), width: im.width, height: im.height })),
    categories: ds.classNames.map((name, k) => ({ id: ds.categoryIds[k], name })),
    annotations: images.flatMap((im) =>
      im.boxes.map((b) => ({
        id: b.annotationId ?? nextId++,
        image_id: im.id,
        category_id: ds.categoryIds[b.classIndex],
        bbox: [...b.bbox],
        area: b.area ?? b.bbox[2] * b.bbox[3],
        iscrowd: b.iscrowd ? 1 : 0,
      })),
    ),
  };
}
