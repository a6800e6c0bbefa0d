import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { runEvaluation } from '../eval/run-evaluation';
import type { CocoGroundTruth } from './coco-types';
import { detsFormatOf, readDetResultFolder } from './detresult-files';

/** Two classes (category ids 3 and 7, so class index ≠ id), three images of different sizes. */
const GT: CocoGroundTruth = {
  images: [
    { id: 139, file_name: '000000000139.jpg', width: 640, height: 426 },
    { id: 2, file_name: 'street.png', width: 320, height: 240 },
    { id: 5, file_name: 'empty.jpg', width: 100, height: 100 },
  ],
  categories: [
    { id: 7, name: 'car' },
    { id: 3, name: 'person' },
  ],
  annotations: [
    { id: 1, image_id: 139, category_id: 3, bbox: [10, 20, 100, 200], area: 20000, iscrowd: 0 },
    { id: 2, image_id: 2, category_id: 7, bbox: [40, 40, 80, 60], area: 4800, iscrowd: 0 },
  ],
};

/** A folder of board-sample files in the reference format: `W H`, then `classId score x1 y1 x2 y2` rows. */
function folder(files: Record<string, string>): string {
  const dir = path.join(tempDir(), 'det');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('HiSilicon *_detResult.txt importer', () => {
  it('maps file names to image ids, class index to category id, corners to COCO boxes', async () => {
    const dir = folder({
      '000000000139_detResult.txt': '640 426\n0 0.912345 10 20 110 220\n1 0.25 300.5 100 350 180.25\n',
      'street_detResult.txt': '320 240\r\n0 0.8 40 40 120 100\r\n', // CRLF, as written on a Windows share
      'empty_detResult.txt': '100 100\n', // an image the model found nothing in
    });
    expect(await detsFormatOf(dir)).toBe('hisi-detresult');
    const { dets, warnings } = await readDetResultFolder(dir, GT);
    expect(warnings).toEqual([]);
    expect(dets).toEqual([
      { image_id: 139, category_id: 3, bbox: [10, 20, 100, 200], score: 0.912345 },
      { image_id: 139, category_id: 7, bbox: [300.5, 100, 49.5, 80.25], score: 0.25 },
      { image_id: 2, category_id: 3, bbox: [40, 40, 80, 60], score: 0.8 },
    ]);
  });

  it('scales boxes from the W H line to the image size when they differ, and says so', async () => {
    const dir = folder({ 'street_detResult.txt': '640 640\n1 0.5 80 160 240 400\n' });
    const { dets, warnings } = await readDetResultFolder(dir, GT);
    expect(dets).toEqual([{ image_id: 2, category_id: 7, bbox: [40, 60, 80, 90], score: 0.5 }]);
    expect(warnings[0]).toBe(`2 of 3 images have no _detResult.txt file in ${dir} (no boxes)`);
    expect(warnings[1]).toMatch(/^1 detResult files were scaled from their "W H" line/);
  });

  it('names the file and line of a malformed row', async () => {
    const file = (text: string) => folder({ 'street_detResult.txt': text });
    const street = (dir: string) => path.join(dir, 'street_detResult.txt');
    let dir = file('320 240\n0 0.8 40 40 120 100\n1 0.7 40 40 120\n');
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(
      `${street(dir)}:3: expected 6 columns "classId score x1 y1 x2 y2", found 5`,
    );
    dir = file('320 240\r\n0 0.8 40 40 nan 100\r\n');
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(`${street(dir)}:2: not a number`);
    dir = file('0 0.8 40 40 120 100\n');
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(`${street(dir)}:1: expected "W H"`);
    dir = file('320 240\n2 0.8 40 40 120 100\n');
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(`${street(dir)}:2: class 2 is not one of the 2 classes`);
    dir = file('320 240\n0 0.8 120 40 40 100\n');
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(`${street(dir)}:2: x2 < x1 or y2 < y1`);
  });

  it('refuses a file for an image the ground truth does not have, and a folder without detResult files', async () => {
    let dir = folder({ 'unknown_detResult.txt': '10 10\n' });
    await expect(readDetResultFolder(dir, GT)).rejects.toThrow(
      `${path.join(dir, 'unknown_detResult.txt')}: no image named unknown.* in the ground truth`,
    );
    dir = folder({ 'notes.txt': 'x' });
    await expect(detsFormatOf(dir)).rejects.toThrow(/is a folder without any \*_detResult\.txt files/);
    expect(await detsFormatOf(path.join(dir, 'notes.txt'))).toBe('coco');
  });

  it('eval --gt --dets FOLDER scores the folder like the same boxes as a COCO results json', async () => {
    const base = tempDir();
    const gt = path.join(base, 'gt.json');
    writeFileSync(gt, JSON.stringify(GT));
    const dir = folder({
      '000000000139_detResult.txt': '640 426\n0 0.9 12 18 108 222\n1 0.3 10 20 110 220\n',
      'street_detResult.txt': '640 480\n1 0.7 80 80 240 200\n',
    });
    const json = path.join(base, 'dets.json');
    writeFileSync(json, JSON.stringify((await readDetResultFolder(dir, GT)).dets));
    const fromFolder = await runEvaluation({ ...params(), gt, dets: dir }, { baseDir: base });
    const fromJson = await runEvaluation({ ...params(), gt, dets: json }, { baseDir: base });
    expect(fromFolder.setup.dets_format).toBe('hisi-detresult');
    expect(fromJson.setup.dets_format).toBe('coco');
    expect(fromFolder.stats).toEqual(fromJson.stats);
    expect(fromFolder.map).toBeCloseTo(0.95, 9); // person IoU 0.92 (9 of 10 thresholds), car exact
    const explicit = await runEvaluation(
      { ...params(), gt, dets: dir, detsFormat: 'hisi-detresult' },
      { baseDir: base },
    );
    expect(explicit.stats).toEqual(fromFolder.stats);
  });
});

const params = () => ({
  preset: 'ultralytics' as const,
  conf: 0.001,
  iou: 0.7,
  maxDet: 300,
  head: 'auto' as const,
  multiLabel: true,
  strict: true,
});
