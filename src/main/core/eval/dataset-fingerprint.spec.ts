import { describe, expect, it } from 'vitest';
import type { CocoGroundTruth } from '../metrics/coco-types';
import { datasetFingerprint } from './dataset-fingerprint';

const gt = (): CocoGroundTruth => ({
  images: [
    { id: 3, file_name: 'c.jpg', width: 64, height: 48 },
    { id: 1, file_name: 'a.jpg', width: 64, height: 48 },
  ],
  categories: [
    { id: 0, name: 'circle' },
    { id: 1, name: 'square' },
  ],
  annotations: [
    { id: 10, image_id: 1, category_id: 0, bbox: [1, 2, 10, 12], area: 120, iscrowd: 0 },
    { id: 11, image_id: 3, category_id: 1, bbox: [5.5, 6, 7, 8], iscrowd: 0 },
  ],
});

describe('dataset fingerprint (image ids + GT content hash)', () => {
  it('is stable across order, file names, annotation ids and float noise', () => {
    const a = gt();
    const b = gt();
    b.images.reverse();
    b.images[0].file_name = 'renamed.png';
    b.annotations.reverse();
    b.annotations.forEach((x, i) => (x.id = 100 + i));
    b.annotations[0].bbox[0] += 1e-7;
    expect(datasetFingerprint(b)).toBe(datasetFingerprint(a));
    expect(datasetFingerprint(a)).toMatch(/^2-[0-9a-f]{16}$/);
  });

  it('changes with one more image, a moved box, another class or a crowd flag', () => {
    const base = datasetFingerprint(gt());
    const more = gt();
    more.images.push({ id: 7 });
    const moved = gt();
    moved.annotations[0].bbox[2] = 11;
    const relabelled = gt();
    relabelled.annotations[1].category_id = 0;
    const crowd = gt();
    crowd.annotations[0].iscrowd = 1;
    const renamedClass = gt();
    renamedClass.categories[1].name = 'box';
    const prints = [more, moved, relabelled, crowd, renamedClass].map(datasetFingerprint);
    expect(new Set([base, ...prints]).size).toBe(6);
    expect(prints[0]).toMatch(/^3-/);
  });
});
