import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DetsFormat } from '../../../shared/contract';
import { UserError } from '../errors/user-error';
import type { CocoDetection, CocoGroundTruth, CocoImage } from './coco-types';

/** What the HiSilicon SDK / modelzoo sample runners write per image: `<image stem>_detResult.txt`. */
export const DETRESULT_SUFFIX = '_detResult.txt';

const FORMAT_HINT =
  'A HiSilicon detResult file has a first line "W H" (the image size its boxes refer to), then one line per box: ' +
  '"classId score x1 y1 x2 y2" (class index from 0, corners in pixels).';

const bad = (file: string, line: number, what: string, hint = FORMAT_HINT) =>
  new UserError(`${file}:${line}: ${what}`, hint, 'invalid_input');

/** A folder holding `*_detResult.txt` files is the board sample's output; any other path a COCO results json. */
export async function detsFormatOf(dets: string): Promise<DetsFormat> {
  if (!existsSync(dets) || !statSync(dets).isDirectory()) return 'coco';
  if ((await readdir(dets)).some((f) => f.endsWith(DETRESULT_SUFFIX))) return 'hisi-detresult';
  throw new UserError(
    `${dets} is a folder without any *${DETRESULT_SUFFIX} files`,
    'Give the folder the board runner wrote its *_detResult.txt files into, or a COCO results json file.',
    'invalid_input',
  );
}

/** One `*_detResult.txt` as written: the image size its boxes refer to, and its rows (with their line numbers). */
export interface DetResultFile {
  width: number;
  height: number;
  boxes: { line: number; classId: number; score: number; x1: number; y1: number; x2: number; y2: number }[];
}

/** Reads the reference format (LF or CRLF, blank lines ignored); a malformed line is an error naming file:line. */
export function parseDetResult(text: string, file: string): DetResultFile {
  const lines = text.split(/\r?\n/);
  const head = lines[0].trim().split(/\s+/).map(Number);
  if (head.length !== 2 || !head.every((v) => Number.isFinite(v) && v > 0))
    throw bad(file, 1, `expected "W H" (two positive numbers), found "${lines[0].trim()}"`);
  const boxes: DetResultFile['boxes'] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const cols = raw.trim().split(/\s+/);
    if (cols.length !== 6)
      throw bad(file, line, `expected 6 columns "classId score x1 y1 x2 y2", found ${cols.length}`);
    const [classId, score, x1, y1, x2, y2] = cols.map(Number);
    if (![classId, score, x1, y1, x2, y2].every(Number.isFinite))
      throw bad(file, line, `not a number in "${raw.trim()}"`);
    if (!Number.isInteger(classId) || classId < 0) throw bad(file, line, `class ${cols[0]} is not a class index`);
    if (x2 < x1 || y2 < y1)
      throw bad(file, line, `x2 < x1 or y2 < y1 in "${raw.trim()}": the columns are corners x1 y1 x2 y2`);
    boxes.push({ line, classId, score, x1, y1, x2, y2 });
  });
  return { width: head[0], height: head[1], boxes };
}

/** A detResult file's boxes in COCO form for one image, scaled from its `W H` to the image's size when they differ. */
export function detResultToCoco(
  parsed: DetResultFile,
  file: string,
  image: CocoImage,
  categoryIds: number[],
): { dets: CocoDetection[]; scaled: boolean } {
  const sx = image.width ? image.width / parsed.width : 1;
  const sy = image.height ? image.height / parsed.height : 1;
  const dets = parsed.boxes.map((b) => {
    if (b.classId >= categoryIds.length)
      throw bad(
        file,
        b.line,
        `class ${b.classId} is not one of the ${categoryIds.length} classes (0–${categoryIds.length - 1})`,
        'Score against the ground truth of the classes the model was trained on.',
      );
    return {
      image_id: image.id,
      category_id: categoryIds[b.classId],
      bbox: [b.x1 * sx, b.y1 * sy, (b.x2 - b.x1) * sx, (b.y2 - b.y1) * sy],
      score: b.score,
    };
  });
  return { dets, scaled: sx !== 1 || sy !== 1 };
}

const stemOf = (file: string) => path.basename(file, path.extname(file));

/**
 * All `*_detResult.txt` files of a folder as COCO results: `<stem>_detResult.txt` belongs to the ground-truth
 * image whose file name has that stem (or, failing that, whose id is the stem's number); class k is the k-th
 * category by id. Images without a file count as images without detections (a warning says how many).
 */
export async function readDetResultFolder(
  dir: string,
  gt: CocoGroundTruth,
): Promise<{ dets: CocoDetection[]; warnings: string[] }> {
  const byStem = new Map(gt.images.filter((im) => im.file_name).map((im) => [stemOf(im.file_name!), im]));
  const byId = new Map(gt.images.map((im) => [im.id, im]));
  const categoryIds = gt.categories.map((c) => c.id).sort((a, b) => a - b);
  const files = (await readdir(dir)).filter((f) => f.endsWith(DETRESULT_SUFFIX)).sort();
  const dets: CocoDetection[] = [];
  const seen = new Set<number>();
  let scaled = 0;
  for (const name of files) {
    const file = path.join(dir, name);
    const stem = name.slice(0, -DETRESULT_SUFFIX.length);
    const image = byStem.get(stem) ?? (/^\d+$/.test(stem) ? byId.get(Number(stem)) : undefined);
    if (!image)
      throw new UserError(
        `${file}: no image named ${stem}.* in the ground truth`,
        'Score the folder against the dataset the board ran on (the file names must keep the image names).',
        'invalid_input',
      );
    const one = detResultToCoco(parseDetResult(await readFile(file, 'utf8'), file), file, image, categoryIds);
    dets.push(...one.dets);
    seen.add(image.id);
    if (one.scaled) scaled++;
  }
  const warnings: string[] = [];
  const missing = gt.images.length - seen.size;
  if (missing > 0)
    warnings.push(`${missing} of ${gt.images.length} images have no ${DETRESULT_SUFFIX} file in ${dir} (no boxes)`);
  if (scaled > 0)
    warnings.push(
      `${scaled} detResult files were scaled from their "W H" line to the image size ` +
        '(a plain stretch: right when the runner resized the image, wrong when it letterboxed)',
    );
  return { dets, warnings };
}
