import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors/user-error';
import { IssueSink } from './dataset-types';
import { loadDetectionDataset, toCocoGroundTruth } from './load-dataset';
import { labelPathFor } from './yolo-dataset';
import { parseYoloLabels } from './yolo-labels';

let root: string;
const png = (file: string, width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .png()
    .toFile(file);

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dataset-'));
  mkdirSync(path.join(root, 'yolo', 'images', 'val'), { recursive: true });
  mkdirSync(path.join(root, 'yolo', 'labels', 'val'), { recursive: true });
  await png(path.join(root, 'yolo', 'images', 'val', 'a.png'), 200, 100);
  await png(path.join(root, 'yolo', 'images', 'val', 'b.png'), 50, 50);
  await png(path.join(root, 'yolo', 'images', 'val', 'c.png'), 64, 32); // no label file: background
  writeFileSync(
    path.join(root, 'yolo', 'labels', 'val', 'a.txt'),
    '0 0.5 0.5 0.5 0.5\n1 0.25 0.25 0.1 0.2\n0 0.5 0.5 0.5 0.5\n',
  );
  writeFileSync(path.join(root, 'yolo', 'labels', 'val', 'b.txt'), '1 0.5 0.5 0.2 0.2\n7 0.5 0.5 0.1 0.1\n');
  writeFileSync(
    path.join(root, 'yolo', 'data.yaml'),
    'path: .\ntrain: images/val\nval: images/val\nnames:\n  0: cat\n  1: dog\n',
  );
});

describe('YOLO label lines', () => {
  const parse = (text: string) => {
    const sink = new IssueSink(false);
    return { rows: parseYoloLabels(text, 'l.txt', 3, sink), warnings: sink.warnings };
  };
  it.each([
    [
      '0 0.5 0.5 0.2',
      'l.txt:1: expected "class cx cy w h" (5 values) or a polygon "class x1 y1 x2 y2 …", got 4 values',
    ],
    ['0 0.5 NaN 0.2 0.2', 'l.txt:1: value 3 "NaN" is not a finite number'],
    ['\n1 0.5 0.5 x 0.1', 'l.txt:2: value 4 "x" is not a finite number'],
    ['3 0.5 0.5 0.2 0.2', 'l.txt:1: class 3 is out of range (the dataset has 3 classes: 0..2)'],
    ['1.5 0.5 0.5 0.2 0.2', 'l.txt:1: class 1.5 is out of range (the dataset has 3 classes: 0..2)'],
    ['0 0.5 0.5 -0.2 0.2', 'l.txt:1: negative coordinate'],
    ['0 50 50 20 20', 'l.txt:1: coordinates must be normalized to 0..1 (divide pixels by the image width/height)'],
  ])('%j → %s', (text, message) => {
    expect(parse(text)).toEqual({ rows: [], warnings: [message] });
  });
  it('reduces polygons to their box and drops duplicate rows', () => {
    const { rows } = parse('2 0.1 0.2 0.5 0.2 0.3 0.6\n0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.2\n');
    expect(rows).toHaveLength(2);
    expect(rows[0].classIndex).toBe(2);
    expect(rows[0].cx).toBeCloseTo(0.3, 12);
    expect(rows[0].h).toBeCloseTo(0.4, 12);
  });
  it('throws the first problem in strict mode', () => {
    expect(() => parseYoloLabels('0 1 1 1\n', 'l.txt', 3, new IssueSink(true))).toThrow(UserError);
  });
});

describe('loadDetectionDataset', () => {
  it('maps label paths like Ultralytics img2label_paths', () => {
    expect(labelPathFor('/d/images/val/x.jpg')).toBe('/d/labels/val/x.txt');
    expect(labelPathFor('/d/images/sub/images/y.png')).toBe('/d/images/sub/labels/y.txt');
    expect(labelPathFor('/d/pics/z.jpeg')).toBe('/d/pics/z.txt');
  });

  it('strict: stops at the bad line with file:line', async () => {
    const err = await loadDetectionDataset(path.join(root, 'yolo', 'data.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `${path.join(root, 'yolo', 'labels', 'val', 'b.txt')}:2: ` +
        'class 7 is out of range (the dataset has 2 classes: 0..1)',
    );
  });

  it('lenient: skips the bad line, keeps the rest, converts to pixels; missing label = background', async () => {
    const ds = await loadDetectionDataset(path.join(root, 'yolo', 'data.yaml'), { strict: false });
    expect(ds.kind).toBe('yolo');
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.warnings).toEqual([
      `${path.join(root, 'yolo', 'labels', 'val', 'b.txt')}:2: ` +
        'class 7 is out of range (the dataset has 2 classes: 0..1)',
    ]);
    expect(ds.images.map((im) => [path.basename(im.path), im.width, im.height, im.boxes.length])).toEqual([
      ['a.png', 200, 100, 2],
      ['b.png', 50, 50, 1],
      ['c.png', 64, 32, 0],
    ]);
    expect(ds.images[0].boxes[0].bbox).toEqual([50, 25, 100, 50]);
    const gt = toCocoGroundTruth(ds);
    expect(gt.annotations.map((a) => [a.id, a.image_id, a.category_id, a.area])).toEqual([
      [1, 0, 0, 5000],
      [2, 0, 1, 400],
      [3, 1, 1, 100],
    ]);
  });

  it('reads a folder (with data.yaml inside) and an images folder with sibling labels', async () => {
    expect((await loadDetectionDataset(path.join(root, 'yolo'), { strict: false })).classNames).toEqual(['cat', 'dog']);
    const ds = await loadDetectionDataset(path.join(root, 'yolo', 'images', 'val'), {
      strict: false,
      classNames: ['a', 'b'],
    });
    expect(ds.images.map((im) => im.boxes.length)).toEqual([2, 1, 0]);
  });

  it('data.yaml problems: txt list with a missing image, YAML syntax, missing split', async () => {
    const dir = path.join(root, 'listed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'val.txt'), `${path.join(root, 'yolo', 'images', 'val', 'a.png')}\n\n./missing.png\n`);
    writeFileSync(path.join(dir, 'data.yaml'), 'val: val.txt\nnames: [cat, dog]\n');
    await expect(loadDetectionDataset(path.join(dir, 'data.yaml'))).rejects.toThrow(
      `${path.join(dir, 'val.txt')}:3: image ${path.join(dir, 'missing.png')} not found`,
    );
    writeFileSync(path.join(dir, 'bad.yaml'), 'val: [a\nnames: {0: x\n');
    await expect(loadDetectionDataset(path.join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml:\d+: /);
    writeFileSync(path.join(dir, 'nosplit.yaml'), 'train: x\nnames: [a]\n');
    await expect(loadDetectionDataset(path.join(dir, 'nosplit.yaml'))).rejects.toThrow('nosplit.yaml: no "val" split');
  });

  it('a folder without labels is a plain image folder (for calibration)', async () => {
    const dir = path.join(root, 'plain');
    mkdirSync(dir, { recursive: true });
    await png(path.join(dir, 'x.png'), 10, 10);
    const ds = await loadDetectionDataset(dir);
    expect(ds.kind).toBe('images');
    expect(ds.images).toHaveLength(1);
  });

  it('COCO json: keeps ids, area and iscrowd; reports bad entries by position', async () => {
    const dir = path.join(root, 'coco');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    await png(path.join(dir, 'images', '000000000042.png'), 30, 20);
    const doc = {
      images: [{ id: 42, file_name: '000000000042.png', width: 30, height: 20 }],
      categories: [
        { id: 18, name: 'dog' },
        { id: 1, name: 'person' },
      ],
      annotations: [
        { id: 5, image_id: 42, category_id: 18, bbox: [1, 2, 3, 4], area: 7, iscrowd: 1 },
        { id: 6, image_id: 42, category_id: 1, bbox: [1, 2, -3, 4], area: 7 },
        { id: 7, image_id: 42, category_id: 99, bbox: [1, 2, 3, 4], area: 7 },
      ],
    };
    writeFileSync(path.join(dir, 'instances.json'), JSON.stringify(doc));
    const file = path.join(dir, 'instances.json');
    await expect(loadDetectionDataset(file)).rejects.toThrow(
      `${file}:annotations[1]: bbox must be [x, y, w, h] with finite numbers and w, h >= 0`,
    );
    const ds = await loadDetectionDataset(file, { strict: false });
    expect(ds.warnings[1]).toBe(`${file}:annotations[2]: category_id 99 is not in categories`);
    expect(ds.classNames).toEqual(['person', 'dog']);
    expect(ds.categoryIds).toEqual([1, 18]);
    const gt = toCocoGroundTruth(ds);
    expect(gt.annotations).toEqual([{ id: 5, image_id: 42, category_id: 18, bbox: [1, 2, 3, 4], area: 7, iscrowd: 1 }]);
    writeFileSync(path.join(dir, 'broken.json'), '{\n "images": [\n  {,}\n]}');
    await expect(loadDetectionDataset(path.join(dir, 'broken.json'))).rejects.toThrow(
      `${path.join(dir, 'broken.json')}:3: invalid JSON`,
    );
  });

  it('names a missing dataset path', async () => {
    await expect(loadDetectionDataset(path.join(root, 'nothing-here'))).rejects.toThrow(
      'nothing-here: dataset not found',
    );
  });
});
