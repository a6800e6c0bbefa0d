import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CLASSES, renderDemoImage, seededRandom, writeDemoDataset } from './demo-dataset';
import { loadDetectionDataset } from './load-dataset';

describe('demo dataset generator', () => {
  it('is deterministic: the same seed gives the same pixels and shapes, another seed differs', () => {
    const a = renderDemoImage(2_000_000);
    const b = renderDemoImage(2_000_000);
    const c = renderDemoImage(2_000_001);
    expect(createHash('sha256').update(a.pixels).digest('hex')).toBe(
      createHash('sha256').update(b.pixels).digest('hex'),
    );
    expect(a.shapes).toEqual(b.shapes);
    expect(c.pixels.equals(a.pixels)).toBe(false);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('keeps every shape inside the image with a valid class', () => {
    for (let s = 0; s < 50; s++) {
      const img = renderDemoImage(s);
      expect(img.shapes.length).toBeGreaterThan(0);
      for (const sh of img.shapes) {
        expect(sh.x0).toBeGreaterThanOrEqual(0);
        expect(sh.y0).toBeGreaterThanOrEqual(0);
        expect(sh.x1).toBeLessThanOrEqual(img.width);
        expect(sh.y1).toBeLessThanOrEqual(img.height);
        expect(sh.cls).toBeLessThan(DEMO_CLASSES.length);
      }
    }
  });

  it('writes an Ultralytics dataset that the reader loads back with the same boxes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-ds-'));
    await writeDemoDataset(dir, { train: 1, val: 3 });
    const ds = await loadDetectionDataset(dir);
    expect(ds.classNames).toEqual([...DEMO_CLASSES]);
    expect(ds.images).toHaveLength(3);
    const first = renderDemoImage(2_000_000);
    expect(ds.images[0]).toMatchObject({ width: first.width, height: first.height });
    const s = first.shapes[0];
    const b = ds.images[0].boxes[0].bbox;
    expect(b[0]).toBeCloseTo(s.x0, 3);
    expect(b[2]).toBeCloseTo(s.x1 - s.x0, 3);
    expect(readFileSync(path.join(dir, 'data.yaml'), 'utf8')).toContain('val: images/val');
  });
});
