import { computeQuantParams, type IntType } from './quant-params';
import type { StreamingHistogram } from './streaming-histogram';

export interface Range {
  min: number;
  max: number;
}

const clampToObserved = (h: StreamingHistogram, lo: number, hi: number): Range => ({
  min: Math.max(lo, h.min),
  max: Math.min(hi, h.max),
});

/**
 * scipy.stats.entropy(p, q) (both normalised, natural log) after ORT's `smooth_distribution` of each:
 * zeros get eps, the same mass is taken evenly from the non-zeros. Infinity when either is all zero.
 */
export function smoothedKl(p: Float64Array, q: Float64Array, eps = 1e-4): number {
  let pz = 0;
  let qz = 0;
  for (let j = 0; j < p.length; j++) {
    if (p[j] === 0) pz++;
    if (q[j] === 0) qz++;
  }
  if (pz === p.length || qz === q.length) return Infinity;
  const p1 = (eps * pz) / (p.length - pz);
  const q1 = (eps * qz) / (q.length - qz);
  let sp = 0;
  let sq = 0;
  for (let j = 0; j < p.length; j++) {
    sp += p[j] === 0 ? eps : p[j] - p1;
    sq += q[j] === 0 ? eps : q[j] - q1;
  }
  let kl = 0;
  for (let j = 0; j < p.length; j++) {
    const pj = (p[j] === 0 ? eps : p[j] - p1) / sp;
    const qj = (q[j] === 0 ? eps : q[j] - q1) / sq;
    kl += pj * Math.log(pj / qj);
  }
  return kl;
}

/**
 * ORT `get_entropy_threshold` (entropy calibration): for every symmetric slice of at least
 * `quantBins` bins around zero, fold the outliers into the edge bins (p), merge the un-clipped
 * slice into `quantBins` bins and spread each back over its non-empty positions with int64
 * truncation (q), and keep the slice with the smallest KL(p‖q). Meaningful with bins ≫ quantBins
 * (2048 → 128, as TensorRT).
 */
export function klThreshold(h: StreamingHistogram, quantBins = 128): Range {
  if (h.th === 0) return { min: 0, max: 0 };
  const hist = h.counts;
  const n = hist.length;
  const zero = n >> 1;
  const half = quantBins >> 1;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + hist[i];
  // p and q are reused across candidates: this runs once per tensor over ~1000 candidates.
  const p = new Float64Array(n + 1);
  const q = new Float64Array(n + 1);
  let best = Infinity;
  let bestRange: Range = { min: h.edge(0), max: h.edge(n) };
  for (let i = half; i <= zero; i++) {
    const start = zero - i;
    const end = Math.min(zero + i + 1, n);
    const len = end - start;
    p.set(hist.subarray(start, end));
    p[0] += prefix[start];
    p[len - 1] += prefix[n] - prefix[end];
    const merged = Math.floor(len / quantBins);
    q.fill(0, 0, len);
    for (let b = 0; b < quantBins; b++) {
      const s = b * merged;
      const e = s + merged;
      let sum = prefix[start + e] - prefix[start + s];
      if (b === quantBins - 1) sum += prefix[end] - prefix[start + quantBins * merged];
      let norm = 0;
      for (let j = s; j < e; j++) if (p[j] !== 0) norm++;
      if (norm !== 0) q.fill(Math.trunc(sum / norm), s, e);
    }
    const kl = smoothedKl(p.subarray(0, len), q.subarray(0, len));
    if (kl < best) {
      best = kl;
      bestRange = { min: h.edge(start), max: h.edge(end) };
    }
  }
  return clampToObserved(h, bestRange.min, bestRange.max);
}

/** Cuts (100 - percentile)/2 % of the mass from each tail, then clamps to what was observed. */
export function percentileRange(h: StreamingHistogram, percentile = 99.999): Range {
  if (h.th === 0) return { min: 0, max: 0 };
  const tail = (100 - percentile) / 200;
  const total = h.counts.reduce((a, b) => a + b, 0);
  let cum = 0;
  let lo = 0;
  while (lo < h.bins - 1 && (cum + h.counts[lo]) / total <= tail) cum += h.counts[lo++];
  cum = 0;
  let hi = h.bins - 1;
  while (hi > 0 && (cum + h.counts[hi]) / total <= tail) cum += h.counts[hi--];
  return clampToObserved(h, h.edge(lo), h.edge(hi + 1));
}

/**
 * Clip range minimising the expected quantisation MSE (rknn's `mmse` idea): candidates shrink the
 * observed [min, max] by factors 2^(-k/8) (fine near 1, reaching far for heavy tails); in-range values cost scale²/12
 * (uniform rounding noise), clipped
 * values their squared distance to the clip bound (bin centres stand for the values).
 */
export function mmseRange(h: StreamingHistogram, type: IntType, steps = 128): Range {
  if (h.th === 0) return { min: 0, max: 0 };
  let best = Infinity;
  let bestRange: Range = { min: h.min, max: h.max };
  for (let s = 0; s < steps; s++) {
    const alpha = 2 ** (-s / 8);
    const lo = Math.min(0, h.min * alpha);
    const hi = Math.max(0, h.max * alpha);
    const { scale } = computeQuantParams(lo, hi, type);
    const rounding = (scale * scale) / 12;
    let err = 0;
    for (let b = 0; b < h.bins; b++) {
      const c = h.counts[b];
      if (c === 0) continue;
      const x = h.center(b);
      const d = x < lo ? lo - x : x > hi ? x - hi : 0;
      err += c * (d === 0 ? rounding : d * d);
    }
    if (err < best) {
      best = err;
      bestRange = { min: lo, max: hi };
    }
  }
  return clampToObserved(h, bestRange.min, bestRange.max);
}
