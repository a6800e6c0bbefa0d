import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { UserError } from '../errors/user-error';
import { type DatasetImage, type DetectionDataset, IssueSink, type LoadDatasetOptions } from './dataset-types';
import { isImageFile, listImages, readImageSize } from './image-decode';
import { parseYoloLabels } from './yolo-labels';

/**
 * Ultralytics img2label_paths: the last `/images/` becomes `/labels/`, the extension `.txt`; else a .txt beside the
 * image.
 */
export function labelPathFor(image: string): string {
  const sep = `${path.sep}images${path.sep}`;
  const i = image.lastIndexOf(sep);
  const base = i >= 0 ? `${image.slice(0, i)}${path.sep}labels${path.sep}${image.slice(i + sep.length)}` : image;
  return base.slice(0, base.length - path.extname(base).length) + '.txt';
}

/** `names` as a list or an {index: name} map, as Ultralytics accepts. */
function parseNames(value: unknown, file: string): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [Number(k), String(v)] as const);
    if (entries.some(([k], i) => k !== i))
      throw new UserError(
        `${file}: names keys must be 0, 1, 2, … without gaps`,
        'Write names as a list or as {0: a, 1: b, …}.',
        'invalid_input',
      );
    return entries.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }
  throw new UserError(
    `${file}: "names" is missing or not a list/map`,
    'Add `names: [class0, class1, …]` to the data.yaml.',
    'invalid_input',
  );
}

/** Images of one split entry: a folder, a txt list of image paths, or a single image. */
async function splitImages(entry: string, root: string, yamlFile: string, issues: IssueSink): Promise<string[]> {
  const p = path.resolve(root, entry);
  if (!existsSync(p))
    throw new UserError(
      `${yamlFile}: split path ${p} does not exist`,
      'Fix `path`/`val` in the data.yaml (relative paths are resolved from `path`, itself relative to the yaml).',
      'invalid_input',
    );
  if (statSync(p).isDirectory()) return listImages(p);
  if (p.endsWith('.txt')) {
    const lines = (await readFile(p, 'utf8')).split(/\r?\n/);
    const out: string[] = [];
    lines.forEach((line, i) => {
      const t = line.trim();
      if (!t) return;
      const img = path.resolve(path.dirname(p), t);
      if (!isImageFile(img)) issues.report(p, i + 1, `"${t}" is not an image file (jpg, png, bmp, webp, tif)`);
      else if (!existsSync(img)) issues.report(p, i + 1, `image ${img} not found`);
      else out.push(img);
    });
    return out;
  }
  return [p];
}

async function buildImages(files: string[], classCount: number, issues: IssueSink): Promise<DatasetImage[]> {
  const stems = files.map((f) => path.basename(f, path.extname(f)));
  const numeric = stems.every((s) => /^\d+$/.test(s)) && new Set(stems).size === stems.length;
  const images: DatasetImage[] = [];
  const chunk = 32;
  for (let s = 0; s < files.length; s += chunk) {
    const part = await Promise.all(
      files.slice(s, s + chunk).map(async (file, j): Promise<DatasetImage | null> => {
        const index = s + j;
        let size: { width: number; height: number };
        try {
          size = await readImageSize(file);
        } catch (error) {
          issues.report(file, undefined, (error as Error).message.replace(`${file}: `, ''));
          return null;
        }
        const labelFile = labelPathFor(file);
        // No label file = background image. Label files are tiny: a sync read is ~10x cheaper than fs promises' round
        // trips.
        const text = existsSync(labelFile) ? readFileSync(labelFile, 'utf8') : '';
        const rows = parseYoloLabels(text, labelFile, classCount, issues);
        return {
          id: numeric ? Number(stems[index]) : index,
          path: file,
          ...size,
          boxes: rows.map((r) => ({
            classIndex: r.classIndex,
            bbox: [(r.cx - r.w / 2) * size.width, (r.cy - r.h / 2) * size.height, r.w * size.width, r.h * size.height],
          })),
        };
      }),
    );
    for (const im of part) if (im) images.push(im);
  }
  return images;
}

/**
 * A data.yaml (Ultralytics): `path` (relative to the yaml), `train`/`val`/`test` (folder, txt list or list of them),
 * `names`.
 */
export async function loadYoloYaml(yamlFile: string, opts: LoadDatasetOptions): Promise<DetectionDataset> {
  const issues = new IssueSink(opts.strict ?? true);
  let doc: Record<string, unknown>;
  try {
    const parsed = YAML.parseDocument(await readFile(yamlFile, 'utf8'));
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      throw new UserError(
        `${yamlFile}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`,
        'Fix the YAML syntax.',
        'invalid_input',
      );
    }
    doc = (parsed.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${yamlFile}: ${(error as Error).message}`, 'Check the path to data.yaml.', 'invalid_input');
  }
  const names = parseNames(doc.names, yamlFile);
  const root = path.resolve(path.dirname(yamlFile), typeof doc.path === 'string' ? doc.path : '.');
  const split = opts.split ?? 'val';
  const entry = doc[split];
  if (entry === undefined || entry === null)
    throw new UserError(
      `${yamlFile}: no "${split}" split`,
      `Add \`${split}: images/${split}\` to the data.yaml.`,
      'invalid_input',
    );
  const files: string[] = [];
  for (const e of [entry].flat()) files.push(...(await splitImages(String(e), root, yamlFile, issues)));
  const images = await buildImages(files, names.length, issues);
  return {
    kind: 'yolo',
    source: yamlFile,
    classNames: names,
    categoryIds: names.map((_, i) => i),
    images,
    warnings: issues.warnings,
  };
}

/**
 * A folder: with a data.yaml inside → that; with `images/` (+ `labels/`) → its `val` subfolder if
 * present; else the folder itself holds the images, labels found by img2label_paths. Without any
 * label file it is a plain image folder (kind `images`, for calibration).
 */
export async function loadYoloFolder(
  dir: string,
  opts: LoadDatasetOptions & { classNames?: string[] },
): Promise<DetectionDataset> {
  for (const name of ['data.yaml', 'dataset.yaml'])
    if (existsSync(path.join(dir, name))) return loadYoloYaml(path.join(dir, name), opts);
  const issues = new IssueSink(opts.strict ?? true);
  let imagesDir = dir;
  if (existsSync(path.join(dir, 'images')))
    imagesDir = existsSync(path.join(dir, 'images', opts.split ?? 'val'))
      ? path.join(dir, 'images', opts.split ?? 'val')
      : path.join(dir, 'images');
  const files = await listImages(imagesDir);
  if (files.length === 0)
    throw new UserError(
      `${imagesDir}: no images found (jpg, png, bmp, webp, tif)`,
      'Point the dataset at an images folder, a data.yaml or a COCO json.',
      'invalid_input',
      'data',
    );
  const labelled = files.some((f) => existsSync(labelPathFor(f)));
  const names = opts.classNames ?? [];
  const classCount = names.length || Number.MAX_SAFE_INTEGER;
  const images = await buildImages(files, classCount, issues);
  const maxClass = Math.max(-1, ...images.flatMap((im) => im.boxes.map((b) => b.classIndex)));
  const classNames = names.length ? names : Array.from({ length: maxClass + 1 }, (_, i) => String(i));
  return {
    kind: labelled ? 'yolo' : 'images',
    source: dir,
    classNames,
    categoryIds: classNames.map((_, i) => i),
    images,
    warnings: issues.warnings,
  };
}
