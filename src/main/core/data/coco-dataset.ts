import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors/user-error';
import { type DatasetImage, type DetectionDataset, IssueSink, type LoadDatasetOptions } from './dataset-types';
import { readImageSize } from './image-decode';

/** JSON.parse with the error located as `file:line: …`. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
      'Check the path.',
      'invalid_input',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const msg = (error as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new UserError(
      `${file}${line ? `:${line}` : ''}: invalid JSON (${msg.replace(/ in JSON at position.*$/, '')})`,
      'Fix the JSON syntax.',
      'invalid_input',
    );
  }
}

const isBox = (b: unknown): b is number[] =>
  Array.isArray(b) &&
  b.length === 4 &&
  b.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
  b[2] >= 0 &&
  b[3] >= 0;

/** Where the json's file_names live: --images, the json's folder, or an `images` folder beside it. */
function imagesRoot(jsonFile: string, firstFile: string | undefined, explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const dir = path.dirname(jsonFile);
  const candidates = [dir, path.join(dir, 'images'), path.join(dir, '..', 'images')];
  return candidates.find((c) => firstFile !== undefined && existsSync(path.join(c, firstFile))) ?? dir;
}

/**
 * COCO instances json (+ images folder). Class index k is the k-th category by ascending id, so a
 * model's class k maps to that category id. Keeps `area`, `iscrowd` and annotation ids.
 */
export async function loadCocoJson(jsonFile: string, opts: LoadDatasetOptions): Promise<DetectionDataset> {
  const issues = new IssueSink(opts.strict ?? true);
  const doc = (await readJsonFile(jsonFile)) as Record<string, unknown>;
  for (const key of ['images', 'annotations', 'categories']) {
    if (!Array.isArray(doc?.[key]))
      throw new UserError(
        `${jsonFile}: "${key}" is missing or not a list`,
        'A COCO instances file has images, annotations and categories arrays.',
        'invalid_input',
      );
  }
  const cats = (doc.categories as { id: unknown; name: unknown }[]).filter((c, i) => {
    const ok = typeof c?.id === 'number';
    if (!ok) issues.report(jsonFile, `categories[${i}]`, 'category without a numeric id');
    return ok;
  }) as { id: number; name?: unknown }[];
  cats.sort((a, b) => a.id - b.id);
  const catIndex = new Map(cats.map((c, k) => [c.id, k]));
  const rawImages = doc.images as { id: unknown; file_name: unknown; width?: unknown; height?: unknown }[];
  const root = imagesRoot(
    jsonFile,
    rawImages.find((im) => typeof im?.file_name === 'string')?.file_name as string | undefined,
    opts.imagesDir,
  );
  const byId = new Map<number, DatasetImage>();
  for (let i = 0; i < rawImages.length; i++) {
    const im = rawImages[i];
    if (typeof im?.id !== 'number' || typeof im.file_name !== 'string') {
      issues.report(jsonFile, `images[${i}]`, 'image needs a numeric "id" and a "file_name"');
      continue;
    }
    const file = path.join(root, im.file_name);
    if (!existsSync(file)) {
      issues.report(
        jsonFile,
        `images[${i}]`,
        `image ${file} not found (give the images folder if the images are elsewhere)`,
      );
      continue;
    }
    let width = typeof im.width === 'number' ? im.width : 0;
    let height = typeof im.height === 'number' ? im.height : 0;
    if (!width || !height) ({ width, height } = await readImageSize(file));
    byId.set(im.id, { id: im.id, path: file, width, height, boxes: [] });
  }
  const anns = doc.annotations as Record<string, unknown>[];
  for (let i = 0; i < anns.length; i++) {
    const a = anns[i];
    const where = `annotations[${i}]`;
    const image = byId.get(a?.image_id as number);
    const k = catIndex.get(a?.category_id as number);
    if (!isBox(a?.bbox)) issues.report(jsonFile, where, 'bbox must be [x, y, w, h] with finite numbers and w, h >= 0');
    else if (k === undefined)
      issues.report(jsonFile, where, `category_id ${String(a.category_id)} is not in categories`);
    else if (!image) {
      if (!rawImages.some((im) => im?.id === a.image_id))
        issues.report(jsonFile, where, `image_id ${String(a.image_id)} is not in images`);
    } else {
      image.boxes.push({
        classIndex: k,
        bbox: a.bbox as [number, number, number, number],
        ...(typeof a.area === 'number' ? { area: a.area } : {}),
        iscrowd: Boolean(a.iscrowd),
        ...(typeof a.id === 'number' ? { annotationId: a.id } : {}),
      });
    }
  }
  return {
    kind: 'coco',
    source: jsonFile,
    classNames: cats.map((c) => (typeof c.name === 'string' ? c.name : String(c.id))),
    categoryIds: cats.map((c) => c.id),
    images: [...byId.values()],
    warnings: issues.warnings,
  };
}
