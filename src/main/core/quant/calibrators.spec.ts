import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCalibrator } from './calibrators';
import { klThreshold, mmseRange, percentileRange, smoothedKl } from './histogram-thresholds';
import { computeQuantParams, fakeQuantize, quantize, roundHalfEven } from './quant-params';
import { StreamingHistogram } from './streaming-histogram';

describe('quant params', () => {
  it('matches ORT compute_scale_zp and the rknn cfg example', () => {
    // rknn .quantization.cfg example: Relu6 [0, 6] int8 → scale 0.023529411764705882, zp -128
    const p = computeQuantParams(0, 6, 'int8');
    expect(p.scale).toBeCloseTo(6 / 255, 9);
    expect(p.zeroPoint).toBe(-128);
    expect(computeQuantParams(-1, 3, 'uint8')).toEqual({ type: 'uint8', scale: Math.fround(4 / 255), zeroPoint: 64 });
    // range is widened to include 0
    expect(computeQuantParams(2, 4, 'uint8').zeroPoint).toBe(0);
    expect(computeQuantParams(-2, 1, 'int8', true)).toEqual({
      type: 'int8',
      scale: Math.fround(4 / 254),
      zeroPoint: 0,
    });
    expect(computeQuantParams(0, 0, 'int8')).toEqual({ type: 'int8', scale: 1, zeroPoint: 0 });
  });

  it('rounds half to even and saturates like QuantizeLinear', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2]);
    const p = { type: 'int8' as const, scale: 0.5, zeroPoint: 0 };
    expect(quantize(1.25, p)).toBe(2); // 2.5 → 2
    expect(quantize(100, p)).toBe(127);
    expect(quantize(-100, p)).toBe(-128);
    expect(fakeQuantize(0.3, p)).toBe(0.5);
  });
});

describe('streaming histogram', () => {
  it('bins like numpy.histogram and merges exactly when the range grows', () => {
    const h = new StreamingHistogram(8);
    h.observe([-1, -0.5, 0, 0.25, 1]);
    // th = 1, bin width 0.25: -1→0, -0.5→2, 0→4, 0.25→5, 1→last bin (closed right edge)
    expect([...h.counts]).toEqual([1, 0, 1, 0, 1, 1, 0, 1]);
    h.observe([3]);
    // th 1→2: [0,0,1,1,2,1,0,0]; 2→4: [0,0,0,2,3,0,0,0]; then 3 → bin floor((3+4)/1) = 7
    expect(h.th).toBe(4);
    expect([...h.counts]).toEqual([0, 0, 0, 2, 3, 0, 0, 1]);
    expect([h.min, h.max, h.total]).toEqual([-1, 3, 6]);
  });

  it('keeps leading all-zero batches and ignores empty ones', () => {
    const h = new StreamingHistogram(4);
    h.observe([0, 0]);
    h.observe([]);
    h.observe([2]);
    expect([...h.counts]).toEqual([0, 0, 2, 1]);
  });

  it('uses constant memory however many batches are streamed', () => {
    const h = new StreamingHistogram(16);
    for (let i = 1; i < 200; i++) h.observe([i, -i / 2]);
    expect(h.counts.length).toBe(16);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(398);
  });
});

describe('KL building block (hand computed)', () => {
  it('is the divergence of the normalised, smoothed histograms', () => {
    // no zeros: p = [0.5, 0.5], q = [0.25, 0.75] → 0.5 ln 2 + 0.5 ln(2/3)
    expect(smoothedKl(new Float64Array([1, 1]), new Float64Array([1, 3]))).toBeCloseTo(
      0.5 * Math.log(2) + 0.5 * Math.log(2 / 3),
      12,
    );
    // zeros get eps = 1e-4 and the non-zeros give up eps·2/2: p → [1e-4, 2-1e-4, 1e-4, 2-1e-4] / 4, q uniform
    const ps = [1e-4, 2 - 1e-4, 1e-4, 2 - 1e-4].map((v) => v / 4);
    const expected = ps.reduce((a, v) => a + v * Math.log(v / 0.25), 0);
    expect(smoothedKl(new Float64Array([0, 2, 0, 2]), new Float64Array([1, 1, 1, 1]))).toBeCloseTo(expected, 12);
    expect(smoothedKl(new Float64Array([0, 0]), new Float64Array([1, 1]))).toBe(Infinity);
  });
});

// ORT calibrate.py get_entropy_threshold, transcribed to numpy (scipy's entropy written out).
const ORT_ENTROPY = `
import json, sys, numpy as np
hist, edges, mn, mx, nq = json.load(sys.stdin)
hist = np.array(hist, dtype=np.int64); edges = np.array(edges)
def smooth(p, eps=0.0001):
    z = (p == 0).astype(np.float32); nz = (p != 0).astype(np.float32)
    n0 = z.sum(); n1 = p.size - n0
    if not n1: return None
    h = p.astype(np.float32); h += eps * z + (-(eps * float(n0) / float(n1))) * nz
    return h
def entropy(p, q):
    p = p / p.sum(); q = q / q.sum(); return float(np.sum(p * np.log(p / q)))
nb = hist.size; zero = nb // 2; half = nq // 2
kl = np.zeros(zero - half + 1); th = [(0, 0)] * kl.size
for i in range(half, zero + 1):
    s = zero - i; e = zero + i + 1 if zero + i + 1 <= nb else nb
    th[i - half] = (float(edges[s]), float(edges[e]))
    sl = hist[s:e].copy(); p = sl.copy(); p[0] += sum(hist[:s]); p[-1] += sum(hist[e:])
    nzs = (p != 0).astype(np.int64); qb = np.zeros(nq, dtype=np.int64); m = sl.size // nq
    for k in range(nq): qb[k] = sum(sl[k * m:k * m + m])
    qb[-1] += sum(sl[nq * m:])
    q = np.zeros(p.size, dtype=np.int64)
    for k in range(nq):
        n = sum(nzs[k * m:k * m + m])
        if n != 0: q[k * m:k * m + m] = qb[k] / n
    p = smooth(p); q = smooth(q)
    kl[i - half] = float('inf') if p is None or q is None else entropy(p, q)
t = th[int(np.argmin(kl))]
print(json.dumps([max(t[0], mn), min(t[1], mx)]))
`;

function gaussianLike(n: number, seed: number): Float32Array {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rnd() + rnd() + rnd() + rnd() - 2) * (i % 97 === 0 ? 6 : 1);
  return out;
}

describe('calibrators', () => {
  it('kl_divergence picks the same threshold as ORT entropy calibration', () => {
    const h = new StreamingHistogram(256);
    h.observe(gaussianLike(20000, 7));
    h.observe(gaussianLike(20000, 8));
    const edges = Array.from({ length: h.bins + 1 }, (_, i) => h.edge(i));
    const ort = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORT_ENTROPY], {
        input: JSON.stringify([[...h.counts], edges, h.min, h.max, 16]),
      }).toString(),
    ) as [number, number];
    const ours = klThreshold(h, 16);
    expect(ours.min).toBeCloseTo(ort[0], 9);
    expect(ours.max).toBeCloseTo(ort[1], 9);
    // outliers (×6) are clipped: the range is well inside the observed one
    expect(ours.max).toBeLessThan(h.max * 0.8);
  });

  it('percentile cuts each tail on a hand-built histogram', () => {
    const h = new StreamingHistogram(8);
    // th = 4, unit bins: 1 value in [-4,-3), 98 in [0,1), 1 at 4 (last bin)
    h.observe([-4, ...Array(98).fill(0.5), 4]);
    expect(percentileRange(h, 98)).toEqual({ min: 0, max: 1 }); // 1% per tail removes exactly the outliers
    expect(percentileRange(h, 100)).toEqual({ min: -4, max: 4 });
  });

  it('mmse clips a long tail to a range with lower real quantisation error', () => {
    // a million exponential samples by inverse CDF (max ~14.5); the MSE-optimal uint8 clip is ~11
    const n = 1_000_000;
    const data = Float32Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n));
    const h = new StreamingHistogram(2048);
    h.observe(data);
    const mse = (r: { min: number; max: number }) => {
      const p = computeQuantParams(r.min, r.max, 'uint8');
      return data.reduce((a, x) => a + (x - fakeQuantize(x, p)) ** 2, 0) / data.length;
    };
    const chosen = mmseRange(h, 'uint8');
    expect(chosen.max).toBeLessThan(h.max * 0.9);
    expect(chosen.max).toBeGreaterThan(8);
    expect(mse(chosen)).toBeLessThan(mse({ min: h.min, max: h.max }));
    // a uniform range has no tail worth clipping
    const u = new StreamingHistogram(2048);
    u.observe(Float32Array.from({ length: 10000 }, (_, i) => i / 10000));
    expect(mmseRange(u, 'int8').max).toBeGreaterThan(0.97);
  });

  it('normal is the exact min/max over all batches; all calibrators stream', () => {
    const c = createCalibrator('normal', { type: 'int8' });
    c.observe([1, 2]);
    c.observe([-3, 0.5]);
    expect(c.range()).toEqual({ min: -3, max: 2 });
    for (const algo of ['percentile', 'kl_divergence', 'mmse'] as const) {
      const cal = createCalibrator(algo, { type: 'int8', bins: 512, quantBins: 64 });
      cal.observe(gaussianLike(5000, 3));
      const r = cal.range();
      expect(r.min).toBeLessThan(0);
      expect(r.max).toBeGreaterThan(0);
    }
  });
});
