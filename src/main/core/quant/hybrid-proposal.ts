import type { LayerRow } from './layer-analysis';

/** AP of the fake-quant model with these tensors left float (the evaluator owns data and preset). */
export type HybridEvaluator = (keepFloat: string[]) => Promise<number>;

export interface SensitivityEntry {
  tensor: string;
  opType: string | null;
  onnxNode: string | null;
  /** 1 = worst single-layer cosine. */
  singleRank: number;
  cosSingle: number | null;
  /** AP with only this tensor kept float (null when it was not among the measured candidates). */
  apIfFloat: number | null;
  apGain: number | null;
}

export interface HybridProposal {
  keepFloat: string[];
  apHybrid: number;
  withinBudget: boolean;
  sensitivity: SensitivityEntry[];
  evaluations: number;
}

export interface ProposalOptions {
  apFloat: number;
  apQuant: number;
  /** Allowed AP drop vs float (default 0.01). */
  apBudget?: number;
  /** At most this fraction of the quantised tensors kept float (default 0.1). */
  maxFraction?: number;
  /** How many of the worst tensors get their AP effect measured (default 12). */
  candidates?: number;
  /** Candidates re-evaluated per greedy step, most promising first (default 6). */
  perStep?: number;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/** Concat slice rows (`T[k:input]`) stand for their Concat output T. */
const baseTensor = (row: LayerRow): string =>
  row.opType === 'Concat' ? row.tensor.replace(/\[\d+:.*\]$/, '') : row.tensor;

const isSlice = (row: LayerRow): boolean => /\[\d+:.*\]$/.test(row.tensor);

/** Tensors in order of one error column (worst first), slices standing for their Concat. */
function rankBy(rows: LayerRow[], worstFirst: (a: LayerRow, b: LayerRow) => number): string[] {
  const out: string[] = [];
  for (const r of [...rows].sort(worstFirst)) if (!out.includes(baseTensor(r))) out.push(baseTensor(r));
  return out;
}

/**
 * Candidates are the worst tensors by single cosine, single euclidean and entire cosine, taken in
 * turn (cosine misses the stride Mul — tiny relative error, large pixel error — and euclidean misses
 * the sigmoid). Each candidate's AP with only it kept float is measured (the sensitivity ranking by
 * AP). Then a lazy greedy: each step re-evaluates AP of the current set plus each of the few most
 * promising remaining candidates and keeps the best, until the drop vs float is within budget; a
 * final pass drops any member the budget still holds without.
 */
export async function proposeHybrid(
  rows: LayerRow[],
  evaluate: HybridEvaluator,
  options: ProposalOptions,
): Promise<HybridProposal> {
  const budget = options.apBudget ?? 0.01;
  const within = (ap: number) => options.apFloat - ap <= budget;
  // kept-float tensors have zero single error: they are not candidates
  const eligible = rows.filter(
    (r) => r.opType !== 'Input' && r.cosSingle !== null && r.eucSingle !== null && !(r.eucSingle === 0 && !isSlice(r)),
  );
  const quantised = new Set(eligible.filter((r) => !isSlice(r)).map((r) => r.tensor));
  const ok = eligible.filter((r) => quantised.has(baseTensor(r)));
  const maxKeep = Math.max(1, Math.floor((options.maxFraction ?? 0.1) * quantised.size));
  const bySingleCos = rankBy(ok, (a, b) => a.cosSingle! - b.cosSingle! || b.eucSingle! - a.eucSingle!);
  const rankings = [
    bySingleCos,
    rankBy(ok, (a, b) => b.eucSingle! - a.eucSingle!),
    rankBy(ok, (a, b) => (a.cosEntire ?? 1) - (b.cosEntire ?? 1)),
  ];
  const poolSize = Math.min(options.candidates ?? 12, bySingleCos.length);
  const pool: string[] = [];
  for (let i = 0; pool.length < poolSize && i < bySingleCos.length; i++) {
    for (const ranking of rankings)
      if (pool.length < poolSize && ranking[i] !== undefined && !pool.includes(ranking[i])) pool.push(ranking[i]);
  }
  let evaluations = 0;
  const measure = async (keep: string[]) => {
    options.signal?.throwIfAborted();
    evaluations++;
    return evaluate(keep);
  };
  const alone = new Map<string, number>();
  for (const t of pool) {
    options.progress?.(`AP with ${t} float`);
    alone.set(t, await measure([t]));
  }
  const rowOf = new Map(ok.filter((r) => !isSlice(r)).map((r) => [r.tensor, r]));
  const sensitivity: SensitivityEntry[] = bySingleCos.map((t, i) => {
    const ap = alone.get(t) ?? null;
    const r = rowOf.get(t);
    return {
      tensor: t,
      opType: r?.opType ?? null,
      onnxNode: r?.onnxNode ?? null,
      singleRank: i + 1,
      cosSingle: r?.cosSingle ?? null,
      apIfFloat: ap,
      apGain: ap === null ? null : ap - options.apQuant,
    };
  });
  let keep: string[] = [];
  let ap = options.apQuant;
  const lastAp = new Map(alone);
  const perStep = options.perStep ?? 6;
  while (!within(ap) && keep.length < maxKeep) {
    const remaining = pool.filter((t) => !keep.includes(t)).sort((a, b) => lastAp.get(b)! - lastAp.get(a)!);
    if (remaining.length === 0) break;
    const tried = keep.length === 0 ? remaining : remaining.slice(0, perStep);
    if (keep.length > 0) for (const t of tried) lastAp.set(t, await measure([...keep, t]));
    const best = tried.reduce((x, y) => (lastAp.get(y)! > lastAp.get(x)! ? y : x));
    if (lastAp.get(best)! <= ap) break;
    keep.push(best);
    ap = lastAp.get(best)!;
    options.progress?.(`keep ${keep.length} float: AP ${ap.toFixed(4)}`);
  }
  if (within(ap)) {
    for (const t of [...keep].reverse()) {
      if (keep.length === 1) break;
      const without = keep.filter((k) => k !== t);
      const apWithout = await measure(without);
      if (within(apWithout)) {
        keep = without;
        ap = apWithout;
      }
    }
  }
  return { keepFloat: keep, apHybrid: ap, withinBudget: within(ap), sensitivity, evaluations };
}
