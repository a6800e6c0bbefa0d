import type { Candidates, Detection } from './detection-types';

export interface NmsOptions {
  /** Score threshold (Ultralytics val: 0.001). */
  conf: number;
  /** IoU above which a lower-scored box of the same class is suppressed (Ultralytics val: 0.7). */
  iou: number;
  /** Detections kept per image after NMS (300). */
  maxDet: number;
  /** One (box, class) pair per class above conf, as Ultralytics val does; else only the best class. */
  multiLabel: boolean;
  /** Pre-NMS top-k by score (30000). */
  maxNms?: number;
}

export const ULTRALYTICS_VAL_NMS: NmsOptions = { conf: 0.001, iou: 0.7, maxDet: 300, multiLabel: true, maxNms: 30000 };

const iouXyxy = (b: Float32Array, i: number, j: number): number => {
  const w = Math.min(b[i * 4 + 2], b[j * 4 + 2]) - Math.max(b[i * 4], b[j * 4]);
  if (w <= 0) return 0;
  const h = Math.min(b[i * 4 + 3], b[j * 4 + 3]) - Math.max(b[i * 4 + 1], b[j * 4 + 1]);
  if (h <= 0) return 0;
  const inter = w * h;
  const ai = (b[i * 4 + 2] - b[i * 4]) * (b[i * 4 + 3] - b[i * 4 + 1]);
  const aj = (b[j * 4 + 2] - b[j * 4]) * (b[j * 4 + 3] - b[j * 4 + 1]);
  return inter / (ai + aj - inter);
};

/**
 * Ultralytics `non_max_suppression` semantics: candidates over conf (per class when multi-label,
 * else the best class), top maxNms by score, class-aware greedy NMS (the class-offset trick is
 * the same as NMS per class), then the maxDet best. Boxes stay in model-input pixels.
 */
export function nonMaxSuppression(c: Candidates, opts: NmsOptions): Detection[] {
  const out: Detection[] = [];
  const push = (i: number, score: number, cls: number) =>
    out.push({
      x1: c.boxes[i * 4],
      y1: c.boxes[i * 4 + 1],
      x2: c.boxes[i * 4 + 2],
      y2: c.boxes[i * 4 + 3],
      score,
      classIndex: cls,
    });
  if (c.final) {
    for (let i = 0; i < c.n; i++) if (c.final.scores[i] > opts.conf) push(i, c.final.scores[i], c.final.classes[i]);
    return out.sort((a, b) => b.score - a.score).slice(0, opts.maxDet);
  }
  const { n, numClasses: C, scores } = c;
  const idx: number[] = [];
  const cls: number[] = [];
  const sc: number[] = [];
  const add = (i: number, k: number, s: number) => {
    idx.push(i);
    cls.push(k);
    sc.push(s);
  };
  if (opts.multiLabel) {
    for (let k = 0; k < C; k++) {
      for (let i = 0; i < n; i++) {
        const s = scores[k * n + i];
        if (s > opts.conf) add(i, k, s);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      let bk = 0;
      for (let k = 0; k < C; k++) {
        const s = scores[k * n + i];
        if (s > best) {
          best = s;
          bk = k;
        }
      }
      if (best > opts.conf) add(i, bk, best);
    }
  }
  let order = Array.from(sc.keys()).sort((a, b) => sc[b] - sc[a] || a - b);
  if (order.length > (opts.maxNms ?? 30000)) order = order.slice(0, opts.maxNms ?? 30000);
  const byClass = new Map<number, number[]>();
  for (const o of order) {
    const list = byClass.get(cls[o]);
    if (list) list.push(o);
    else byClass.set(cls[o], [o]);
  }
  const kept: number[] = [];
  for (const list of byClass.values()) {
    const alive = new Uint8Array(list.length).fill(1);
    for (let a = 0; a < list.length; a++) {
      if (!alive[a]) continue;
      kept.push(list[a]);
      for (let b = a + 1; b < list.length; b++)
        if (alive[b] && iouXyxy(c.boxes, idx[list[a]], idx[list[b]]) > opts.iou) alive[b] = 0;
    }
  }
  kept.sort((a, b) => sc[b] - sc[a] || a - b);
  for (const o of kept.slice(0, opts.maxDet)) push(idx[o], sc[o], cls[o]);
  return out;
}
