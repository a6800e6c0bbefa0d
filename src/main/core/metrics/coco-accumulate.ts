import { DIMS, IGNORED, MATCHED, precisionIndex, recallIndex, type EvaluatedImgs } from './coco-eval-layout';
import { MAX_DETS, REC_THRS } from './coco-summary';

/**
 * pycocotools `accumulate`: per category and maxDets, all its detections in score order, cumulative TP/FP per
 * (area, threshold), the precision envelope sampled at the 101 recall points.
 */
export function accumulate(e: EvaluatedImgs): { precision: Float64Array; recall: Float64Array } {
  const { T, R, A, M } = DIMS;
  const { N, K, evStart, evScore, evRank, flags, npig, present } = e;
  const AT = A * T;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  let rc = new Float64Array(0);
  let pr = new Float64Array(0);
  const tp = new Int32Array(AT);
  const fp = new Int32Array(AT);
  for (let k = 0; k < K; k++) {
    // Score order of all the category's detections (maxDets[-1] per image), stable on image then rank;
    // the smaller maxDets keep the same relative order, so they are filters of this one sort.
    const all: number[] = [];
    let any = false;
    for (let i = 0; i < N; i++) {
      const key = k * N + i;
      if (!present[key]) continue;
      any = true;
      for (let p = evStart[key]; p < evStart[key + 1]; p++) all.push(p);
    }
    if (!any) continue;
    all.sort((x, y) => evScore[y] - evScore[x] || x - y);
    for (let m = 0; m < M; m++) {
      const maxDet = MAX_DETS[m];
      const pos = m === M - 1 ? all : all.filter((p) => evRank[p] < maxDet);
      const nd = pos.length;
      if (rc.length < AT * nd) {
        rc = new Float64Array(AT * nd * 2);
        pr = new Float64Array(AT * nd * 2);
      }
      tp.fill(0);
      fp.fill(0);
      // Cumulative TP/FP for every (area, threshold) in one pass over the score-sorted detections.
      for (let d = 0; d < nd; d++) {
        const base = pos[d] * AT;
        for (let at = 0; at < AT; at++) {
          const f = flags[base + at];
          if (!(f & IGNORED)) {
            if (f & MATCHED) tp[at]++;
            else fp[at]++;
          }
          rc[at * nd + d] = tp[at] / npig[k * A + ((at / T) | 0)];
          pr[at * nd + d] = tp[at] / (fp[at] + tp[at] + Number.EPSILON);
        }
      }
      for (let a = 0; a < A; a++) {
        if (npig[k * A + a] === 0) continue;
        for (let t = 0; t < T; t++) {
          const o = (a * T + t) * nd;
          recall[recallIndex(K, t, k, a, m)] = nd ? rc[o + nd - 1] : 0;
          for (let d = nd - 1; d > 0; d--) if (pr[o + d] > pr[o + d - 1]) pr[o + d - 1] = pr[o + d];
          let idx = 0;
          for (let r = 0; r < R; r++) {
            while (idx < nd && rc[o + idx] < REC_THRS[r]) idx++;
            precision[precisionIndex(K, t, r, k, a, m)] = idx < nd ? pr[o + idx] : 0;
          }
        }
      }
    }
  }
  return { precision, recall };
}
