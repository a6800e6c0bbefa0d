import { describe, expect, it } from 'vitest';
import { UserError } from '../errors/user-error';
import { cocoEvaluate } from './coco-eval';
import { linspace, pairwiseSum } from './coco-summary';
import type { CocoAnnotation, CocoDetection, CocoGroundTruth } from './coco-types';

// Hand-worked cases, one per pycocotools quirk (reference §6). Expected values are derived by hand.
let nextId = 1;
const ann = (
  image_id: number,
  category_id: number,
  bbox: number[],
  extra: Partial<CocoAnnotation> = {},
): CocoAnnotation => ({
  id: nextId++,
  image_id,
  category_id,
  bbox,
  area: bbox[2] * bbox[3],
  iscrowd: 0,
  ...extra,
});
const gtOf = (annotations: CocoAnnotation[], images = [1], cats = [1]): CocoGroundTruth => ({
  images: images.map((id) => ({ id })),
  categories: cats.map((id) => ({ id, name: `c${id}` })),
  annotations,
});
const det = (image_id: number, category_id: number, bbox: number[], score: number): CocoDetection => ({
  image_id,
  category_id,
  bbox,
  score,
});
const EPS = Number.EPSILON;

describe('cocoEvaluate quirks', () => {
  it('zero-fills precision beyond the highest recall (1 of 2 objects found → 51 of 101 recall points)', () => {
    const r = cocoEvaluate(gtOf([ann(1, 1, [0, 0, 50, 50]), ann(1, 1, [100, 100, 50, 50])]), [
      det(1, 1, [0, 0, 50, 50], 0.9),
    ]);
    expect(r.stats[1]).toBe((51 * (1 / (1 + EPS))) / 101);
    expect(r.stats[1]).toBeCloseTo(51 / 101, 12);
    expect(r.stats[0]).toBeCloseTo(51 / 101, 12);
    expect(r.stats[8]).toBe(0.5);
  });

  it('makes precision monotone from the right (TP, FP, TP on two objects)', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 50, 50]), ann(1, 1, [100, 100, 50, 50])]);
    const r = cocoEvaluate(gt, [
      det(1, 1, [0, 0, 50, 50], 0.9),
      det(1, 1, [300, 300, 50, 50], 0.8),
      det(1, 1, [100, 100, 50, 50], 0.7),
    ]);
    // rc = [.5, .5, 1], pr = [1, .5, 2/3] → envelope [1, 2/3, 2/3]; recall points 0..50 hit index 0, 51..100 index 2.
    expect(r.stats[1]).toBeCloseTo((51 * 1 + 50 * (2 / 3)) / 101, 12);
  });

  it('matches at IoU exactly equal to the threshold (>=)', () => {
    // det [0,0,100,50] vs gt [0,0,100,100]: IoU = 5000 / 10000 = 0.5 exactly.
    const r = cocoEvaluate(gtOf([ann(1, 1, [0, 0, 100, 100])]), [det(1, 1, [0, 0, 100, 50], 0.9)]);
    expect(r.stats[1]).toBeCloseTo(1, 12);
    expect(r.stats[0]).toBeCloseTo(0.1, 12); // matched only at t = 0.5
  });

  it('crowd GT: IoU is inter / detection area; it absorbs several detections, ignored, not false positives', () => {
    const crowd = ann(1, 1, [0, 0, 200, 200], { iscrowd: 1 });
    const person = ann(1, 1, [300, 300, 40, 40]);
    // Two dets fully inside the crowd box (IoU with crowd = 1 under the crowd rule, << 0.5 under the normal rule).
    const dets = [
      det(1, 1, [10, 10, 20, 20], 0.95),
      det(1, 1, [50, 50, 20, 20], 0.94),
      det(1, 1, [300, 300, 40, 40], 0.5),
    ];
    const r = cocoEvaluate(gtOf([crowd, person]), dets);
    expect(r.stats[0]).toBeCloseTo(1, 12);
    // Without the crowd flag those two dets are false positives ranked above the true positive.
    const r2 = cocoEvaluate(gtOf([{ ...crowd, iscrowd: 0 }, person]), dets);
    expect(r2.stats[1]).toBeLessThan(0.6);
  });

  it('uses the annotation area (not the box area) for ranges, with inclusive bounds on both ends', () => {
    // Box is 100×100 (large by box area) but area says exactly 32² → counts as small AND medium.
    const r = cocoEvaluate(gtOf([ann(1, 1, [0, 0, 100, 100], { area: 32 * 32 })]), [det(1, 1, [0, 0, 100, 100], 0.9)]);
    expect(r.stats[3]).toBeCloseTo(1, 12); // AP small
    expect(r.stats[4]).toBeCloseTo(1, 12); // AP medium
    expect(r.stats[5]).toBe(-1); // no large GT at all
    expect(r.stats[9]).toBe(1);
    expect(r.stats[10]).toBe(1);
  });

  it('ignores unmatched detections outside the area range (they are not FPs for AP small)', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 20, 20])]);
    const big = det(1, 1, [200, 200, 150, 150], 0.99); // unmatched, large
    const r = cocoEvaluate(gt, [big, det(1, 1, [0, 0, 20, 20], 0.5)]);
    expect(r.stats[3]).toBeCloseTo(1, 12); // small: the large FP is ignored
    expect(r.stats[0]).toBeCloseTo(0.5, 12); // all: FP first → precision 1/2 at recall 1
  });

  it('applies maxDets per image per category, not per image', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 50, 50]), ann(1, 2, [100, 0, 50, 50])], [1], [1, 2]);
    const r = cocoEvaluate(gt, [det(1, 1, [0, 0, 50, 50], 0.9), det(1, 2, [100, 0, 50, 50], 0.8)]);
    expect(r.stats[6]).toBe(1); // AR@1 is 1 for both categories
  });

  it('excludes categories without GT from the means and reports them as -1', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 50, 50])], [1], [1, 2]);
    const r = cocoEvaluate(gt, [det(1, 1, [0, 0, 50, 50], 0.9), det(1, 2, [0, 0, 50, 50], 0.9)]);
    expect(r.stats[0]).toBeCloseTo(1, 12);
    expect(r.perClass.find((c) => c.id === 2)).toMatchObject({ ap: -1, ap50: -1 });
  });

  it('counts detections on images without GT as false positives and drops unknown categories', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 50, 50])], [1, 2]);
    const r = cocoEvaluate(gt, [
      det(2, 1, [0, 0, 50, 50], 0.95),
      det(1, 1, [0, 0, 50, 50], 0.9),
      det(1, 99, [0, 0, 5, 5], 1),
    ]);
    expect(r.stats[1]).toBeCloseTo(0.5, 12);
    expect(r.droppedDetections).toBe(1);
  });

  it('gives the higher-IoU GT to a detection and keeps non-ignored GTs first (ignored-GT break)', () => {
    const a = ann(1, 1, [0, 0, 100, 100]);
    const b = ann(1, 1, [10, 0, 100, 100]);
    const r = cocoEvaluate(gtOf([a, b]), [det(1, 1, [10, 0, 100, 100], 0.9), det(1, 1, [0, 0, 100, 100], 0.8)]);
    expect(r.stats[0]).toBeCloseTo(1, 12); // first det takes b (IoU 1), second takes a
    // A crowd GT that overlaps better does not steal a detection from a non-ignored GT.
    const crowd = ann(1, 1, [0, 0, 100, 100], { iscrowd: 1 });
    const normal = ann(1, 1, [0, 0, 100, 80]);
    const r2 = cocoEvaluate(gtOf([crowd, normal]), [det(1, 1, [0, 0, 100, 100], 0.9)]);
    expect(r2.stats[1]).toBeCloseTo(1, 12); // IoU with normal = 0.8, matched to it despite crowd IoU 1
  });

  it('treats a match to a GT with id 0 as unmatched, as pycocotools does', () => {
    const r = cocoEvaluate(gtOf([ann(1, 1, [0, 0, 50, 50], { id: 0 })]), [det(1, 1, [0, 0, 50, 50], 0.9)]);
    expect(r.stats[1]).toBe(0);
  });

  it('breaks score ties by input order (stable sort)', () => {
    const gt = gtOf([ann(1, 1, [0, 0, 50, 50])]);
    const tp = det(1, 1, [0, 0, 50, 50], 0.5);
    const fp = det(1, 1, [200, 200, 50, 50], 0.5);
    expect(cocoEvaluate(gt, [tp, fp]).stats[1]).toBeCloseTo(1, 12);
    expect(cocoEvaluate(gt, [fp, tp]).stats[1]).toBeCloseTo(0.5, 12);
  });

  it('rejects detections on images that are not in the GT', () => {
    expect(() => cocoEvaluate(gtOf([ann(1, 1, [0, 0, 5, 5])]), [det(7, 1, [0, 0, 5, 5], 1)])).toThrow(UserError);
    expect(() => cocoEvaluate(gtOf([ann(1, 1, [0, 0, 5, 5])]), [det(7, 1, [0, 0, 5, 5], 1)])).toThrow(
      /detection 0: image_id 7/,
    );
  });

  it('returns -1 stats when there is no GT and zeros when nothing is detected', () => {
    expect(cocoEvaluate(gtOf([]), []).stats).toEqual(Array(12).fill(-1));
    const r = cocoEvaluate(gtOf([ann(1, 1, [0, 0, 50, 50])]), []);
    expect(r.stats[0]).toBe(0);
    expect(r.stats[8]).toBe(0);
  });

  it('builds thresholds like np.linspace and sums like numpy', () => {
    const thr = linspace(0.5, 0.95, 10);
    expect(thr[0]).toBe(0.5);
    expect(thr[5]).toBe(0.75);
    expect(thr[9]).toBe(0.95);
    expect(linspace(0, 1, 101)[3]).toBe(3 * 0.01);
    const xs = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    expect(pairwiseSum(xs)).toBeCloseTo(
      xs.reduce((a, b) => a + b, 0),
      12,
    );
  });
});
