// Benchmark baseline: pycocotools' COCOeval (evaluate/accumulate/summarize, bbox) ported line by line
// to TypeScript — dicts keyed by (imgId, catId), per-(cat, area, img) evaluateImg objects, numpy
// concatenations as array copies, argsort as a stable index sort. pycocotools itself cannot be
// installed here (no PyPI), so this literal port is the baseline measured in the same run; it is
// also a second, independent implementation the benchmark checks the 12 stats against.
import type { CocoDetection, CocoGroundTruth } from '../src/main/core/metrics/coco-types';

const linspace = (a: number, b: number, n: number) => {
  const step = (b - a) / (n - 1);
  const y = Array.from({ length: n }, (_, i) => i * step + a);
  y[n - 1] = b;
  return y;
};
const iouThrs = linspace(0.5, 0.95, 10);
const recThrs = linspace(0, 1, 101);
const maxDets = [1, 10, 100];
const areaRng = [
  [0, 1e10],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e10],
];
const argsortStable = (v: number[]) => v.map((_, i) => i).sort((a, b) => v[a] - v[b] || a - b);

interface Ann {
  id: number;
  image_id: number;
  category_id: number;
  bbox: number[];
  area: number;
  iscrowd: number;
  ignore?: number;
  _ignore?: number;
  score?: number;
}
interface EvalImg {
  dtIds: number[];
  dtMatches: number[][];
  dtScores: number[];
  gtIgnore: number[];
  dtIgnore: boolean[][];
}

function bbIou(d: number[], g: number[], crowd: number): number {
  const w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
  if (w <= 0) return 0;
  const h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
  if (h <= 0) return 0;
  const i = w * h;
  const da = d[2] * d[3];
  return i / (crowd ? da : da + g[2] * g[3] - i);
}

export function cocoEvalLiteral(gtDoc: CocoGroundTruth, res: CocoDetection[]): number[] {
  const imgIds = [...new Set(gtDoc.images.map((i) => i.id))].sort((a, b) => a - b);
  const catIds = [...new Set(gtDoc.categories.map((c) => c.id))].sort((a, b) => a - b);
  const dts: Ann[] = res.map((r, i) => ({ ...r, id: i + 1, area: r.bbox[2] * r.bbox[3], iscrowd: 0 }));
  const gts: Ann[] = gtDoc.annotations.map((a) => ({ ...a, area: a.area ?? 0, iscrowd: Number(a.iscrowd ?? 0) }));
  // _prepare
  const _gts = new Map<string, Ann[]>();
  const _dts = new Map<string, Ann[]>();
  const imgSet = new Set(imgIds);
  const catSet = new Set(catIds);
  for (const gt of gts) {
    gt.ignore = gt.iscrowd ? 1 : 0;
    if (!imgSet.has(gt.image_id) || !catSet.has(gt.category_id)) continue;
    const k = `${gt.image_id},${gt.category_id}`;
    _gts.set(k, [...(_gts.get(k) ?? []), gt]);
  }
  for (const dt of dts) {
    if (!imgSet.has(dt.image_id) || !catSet.has(dt.category_id)) continue;
    const k = `${dt.image_id},${dt.category_id}`;
    _dts.set(k, [...(_dts.get(k) ?? []), dt]);
  }
  // computeIoU
  const ious = new Map<string, number[][]>();
  for (const imgId of imgIds) {
    for (const catId of catIds) {
      const k = `${imgId},${catId}`;
      const gt = _gts.get(k) ?? [];
      let dt = _dts.get(k) ?? [];
      if (gt.length === 0 && dt.length === 0) {
        ious.set(k, []);
        continue;
      }
      dt = argsortStable(dt.map((d) => -d.score!))
        .map((i) => dt[i])
        .slice(0, maxDets[2]);
      ious.set(
        k,
        dt.map((d) => gt.map((g) => bbIou(d.bbox, g.bbox, g.iscrowd))),
      );
    }
  }
  // evaluateImg
  const evaluateImg = (imgId: number, catId: number, aRng: number[], maxDet: number): EvalImg | null => {
    const k = `${imgId},${catId}`;
    let gt = _gts.get(k) ?? [];
    let dt = _dts.get(k) ?? [];
    if (gt.length === 0 && dt.length === 0) return null;
    for (const g of gt) g._ignore = g.ignore || g.area < aRng[0] || g.area > aRng[1] ? 1 : 0;
    const gtind = argsortStable(gt.map((g) => g._ignore!));
    gt = gtind.map((i) => gt[i]);
    dt = argsortStable(dt.map((d) => -d.score!))
      .map((i) => dt[i])
      .slice(0, maxDet);
    const iscrowd = gt.map((g) => g.iscrowd);
    const all = ious.get(k)!;
    const iou = all.length ? all.map((row) => gtind.map((j) => row[j])) : all;
    const T = iouThrs.length;
    const gtm = iouThrs.map(() => gt.map(() => 0));
    const dtm = iouThrs.map(() => dt.map(() => 0));
    const gtIg = gt.map((g) => g._ignore!);
    const dtIg = iouThrs.map(() => dt.map(() => false));
    if (iou.length) {
      for (let tind = 0; tind < T; tind++) {
        for (let dind = 0; dind < dt.length; dind++) {
          let best = Math.min(iouThrs[tind], 1 - 1e-10);
          let m = -1;
          for (let gind = 0; gind < gt.length; gind++) {
            if (gtm[tind][gind] > 0 && !iscrowd[gind]) continue;
            if (m > -1 && gtIg[m] === 0 && gtIg[gind] === 1) break;
            if (iou[dind][gind] < best) continue;
            best = iou[dind][gind];
            m = gind;
          }
          if (m === -1) continue;
          dtIg[tind][dind] = gtIg[m] === 1;
          dtm[tind][dind] = gt[m].id;
          gtm[tind][m] = dt[dind].id;
        }
      }
    }
    const a = dt.map((d) => d.area < aRng[0] || d.area > aRng[1]);
    for (let t = 0; t < T; t++)
      for (let d = 0; d < dt.length; d++) dtIg[t][d] = dtIg[t][d] || (dtm[t][d] === 0 && a[d]);
    return {
      dtIds: dt.map((d) => d.id),
      dtMatches: dtm,
      dtScores: dt.map((d) => d.score!),
      gtIgnore: gtIg,
      dtIgnore: dtIg,
    };
  };
  const evalImgs: (EvalImg | null)[] = [];
  for (const catId of catIds)
    for (const aRng of areaRng) for (const imgId of imgIds) evalImgs.push(evaluateImg(imgId, catId, aRng, maxDets[2]));
  // accumulate
  const T = iouThrs.length;
  const R = recThrs.length;
  const K = catIds.length;
  const A = areaRng.length;
  const M = maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const I0 = imgIds.length;
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < A; a++) {
      for (let m = 0; m < M; m++) {
        const maxDet = maxDets[m];
        const E = imgIds.map((_, i) => evalImgs[k * A * I0 + a * I0 + i]).filter((e): e is EvalImg => e !== null);
        if (E.length === 0) continue;
        const dtScores = E.flatMap((e) => e.dtScores.slice(0, maxDet));
        const inds = argsortStable(dtScores.map((s) => -s));
        const dtm = iouThrs.map((_, t) => {
          const row = E.flatMap((e) => e.dtMatches[t].slice(0, maxDet));
          return inds.map((i) => row[i]);
        });
        const dtIg = iouThrs.map((_, t) => {
          const row = E.flatMap((e) => e.dtIgnore[t].slice(0, maxDet));
          return inds.map((i) => row[i]);
        });
        const npig = E.flatMap((e) => e.gtIgnore).filter((g) => g === 0).length;
        if (npig === 0) continue;
        for (let t = 0; t < T; t++) {
          let tp = 0;
          let fp = 0;
          const tps: number[] = [];
          const fps: number[] = [];
          for (let d = 0; d < inds.length; d++) {
            if (dtm[t][d] && !dtIg[t][d]) tp++;
            if (!dtm[t][d] && !dtIg[t][d]) fp++;
            tps.push(tp);
            fps.push(fp);
          }
          const nd = tps.length;
          const rc = tps.map((v) => v / npig);
          const pr = tps.map((v, i) => v / (fps[i] + v + Number.EPSILON));
          recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1] : 0;
          for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
          for (let r = 0; r < R; r++) {
            let lo = 0;
            let hi = nd;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (rc[mid] < recThrs[r]) lo = mid + 1;
              else hi = mid;
            }
            if (lo >= nd) break;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = pr[lo];
          }
          for (let r = 0; r < R; r++) {
            const idx = (((t * R + r) * K + k) * A + a) * M + m;
            if (precision[idx] === -1) precision[idx] = 0;
          }
        }
      }
    }
  }
  // summarize
  const mean = (vals: number[]) => {
    const v = vals.filter((x) => x > -1);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : -1;
  };
  const ap = (thr: number | null, a: number, md: number) => {
    const out: number[] = [];
    const m = maxDets.indexOf(md);
    for (let t = 0; t < T; t++) {
      if (thr !== null && iouThrs[t] !== thr) continue;
      for (let r = 0; r < R; r++)
        for (let k = 0; k < K; k++) out.push(precision[(((t * R + r) * K + k) * A + a) * M + m]);
    }
    return mean(out);
  };
  const ar = (a: number, md: number) => {
    const out: number[] = [];
    const m = maxDets.indexOf(md);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) out.push(recall[((t * K + k) * A + a) * M + m]);
    return mean(out);
  };
  return [
    ap(null, 0, 100),
    ap(0.5, 0, 100),
    ap(0.75, 0, 100),
    ap(null, 1, 100),
    ap(null, 2, 100),
    ap(null, 3, 100),
    ar(0, 1),
    ar(0, 10),
    ar(0, 100),
    ar(1, 100),
    ar(2, 100),
    ar(3, 100),
  ];
}
