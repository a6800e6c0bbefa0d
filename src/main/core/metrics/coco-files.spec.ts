import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { readCocoResults } from './coco-files';

const write = (name: string, doc: unknown): string => {
  const file = path.join(tempDir(), name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};
const det = (bbox: number[]) => ({ image_id: 1, category_id: 1, bbox, score: 0.9 });

describe('readCocoResults', () => {
  it('refuses a results file with no detections, naming the file (pycocotools loadRes fails on it too)', async () => {
    const file = write('dets.json', []);
    await expect(readCocoResults(file)).rejects.toThrow(`${file}: contains no detections`);
  });

  it('refuses a box with negative width or height, naming the entry', async () => {
    const file = write('dets.json', [det([1, 2, 3, 4]), det([10, 10, -5, 4])]);
    await expect(readCocoResults(file)).rejects.toThrow(`${file}:[1]: bbox width and height must not be negative`);
    await expect(readCocoResults(write('h.json', [det([1, 2, 3, -0.5])]))).rejects.toThrow(/\[0\]: bbox width/);
  });

  it('accepts zero-size boxes and ordinary ones', async () => {
    expect(await readCocoResults(write('ok.json', [det([1, 2, 0, 0]), det([1, 2, 3, 4])]))).toHaveLength(2);
  });
});
