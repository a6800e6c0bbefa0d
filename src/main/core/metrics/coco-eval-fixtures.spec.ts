import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cocoevalFixtures } from '../../../../test/support/temp-workspace';
import { cocoEvaluate } from './coco-eval';
import type { CocoDetection, CocoGroundTruth } from './coco-types';

// pycocotools 2.0.11's own answers. expected.json holds them rounded to 8 decimals, so ours must round to
// exactly the same 8-decimal numbers (any difference would show as >= 1e-8).
const FIXTURES = cocoevalFixtures;
const cases = ['edges', 'random-a', 'random-b', 'random-c'];
const round8 = (v: number) => Number(v.toFixed(8));
const read = <T>(c: string, f: string) => JSON.parse(readFileSync(path.join(FIXTURES, c, f), 'utf8')) as T;

describe('cocoEvaluate vs pycocotools fixtures', () => {
  for (const c of cases) {
    it(`${c}: all 12 stats and per-category AP/AP50 agree`, () => {
      const expected = read<{ stats: number[]; per_category: { category_id: number; ap: number; ap50: number }[] }>(
        c,
        'expected.json',
      );
      const result = cocoEvaluate(read<CocoGroundTruth>(c, 'gt.json'), read<CocoDetection[]>(c, 'dets.json'));
      expect(result.stats).toHaveLength(12);
      result.stats.forEach((s, i) => expect(round8(s), `stat ${i}`).toBe(expected.stats[i]));
      for (const e of expected.per_category) {
        const got = result.perClass.find((p) => p.id === e.category_id)!;
        expect(round8(got.ap), `cat ${e.category_id} ap`).toBe(e.ap);
        expect(round8(got.ap50), `cat ${e.category_id} ap50`).toBe(e.ap50);
      }
    });
  }
});
