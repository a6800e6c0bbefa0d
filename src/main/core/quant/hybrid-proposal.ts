import type { CandidateGroup } from './candidate-regions';
import type { LayerRow } from './layer-analysis';

/**
 * AP of the fake-quant model with these tensors left float and these raised to int16 (the evaluator owns data,
 * preset and calibration).
 */
export type HybridEvaluator = (keepFloat: string[], keepInt16: string[]) => Promise<number>;

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

/** One candidate the search measured: AP with the set kept before it (`base`) plus this group kept float. */
export interface SearchCandidate extends CandidateGroup {
  /** 0: measured alone (the first pool); n: measured on top of the n groups chosen before. */
  round: number;
  base: number;
  ap: number;
  /** AP gain over the AP the search stood at when it was measured. */
  apGain: number;
}

export interface HybridSearchReport {
  candidates: SearchCandidate[];
  /** Groups in the order the greedy search chose them, with AP after each. */
  steps: { label: string; tensors: number; ap: number }[];
  /** Kept tensors where int16 measured as good as float (within budget), so int16 is proposed. */
  int16: string[];
  stopReason: string;
}

export interface HybridProposal {
  /** Every tensor proposed above int8 (the int16 ones included). */
  keepFloat: string[];
  keepInt16: string[];
  apHybrid: number;
  withinBudget: boolean;
  sensitivity: SensitivityEntry[];
  evaluations: number;
  search: HybridSearchReport;
}

export interface ProposalOptions {
  apFloat: number;
  apQuant: number;
  /** Allowed AP drop vs float (default 0.01). */
  apBudget?: number;
  /** At most this fraction of the quantised tensors kept float (default 0.1). */
  maxFraction?: number;
  /** How many of the worst tensors get their AP effect measured first, and per extension (default 12). */
  candidates?: number;
  /** Candidates re-evaluated per greedy step, most promising first (default 6). */
  perStep?: number;
  /** Connected regions measured as candidates beside single tensors. */
  regions?: CandidateGroup[];
  /** Try int16 instead of float for each chosen group once within budget (rknn/ATC 8-bit models). */
  tryInt16?: boolean;
  /** Stop the search after this many AP evaluations (default 80). */
  maxEvaluations?: number;
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

/** The worst tensors by single cosine, single euclidean and entire cosine, taken in turn. */
function interleave(rankings: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(...rankings.map((r) => r.length)); i++)
    for (const ranking of rankings) if (ranking[i] !== undefined && !out.includes(ranking[i])) out.push(ranking[i]);
  return out;
}

/**
 * Candidates are the worst tensors by single cosine, single euclidean and entire cosine, taken in turn (cosine misses
 * the stride Mul — tiny relative error, large pixel error — and euclidean misses the sigmoid), plus connected regions
 * (decode region, DFL, a Concat with its producers). Each is measured alone: the sensitivity ranking by AP. Then a
 * lazy greedy: each step re-evaluates the current set plus each of the few most promising remaining candidates and
 * keeps the best. While the budget is unmet and the tensor cap allows, more tensors are taken from the rankings and
 * measured on top of the current set when the pool runs dry or stops helping. Within budget, chosen groups the
 * budget holds without are dropped, and each remaining group is tried at int16 instead of float.
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
  const maxEvaluations = options.maxEvaluations ?? 80;
  const bySingleCos = rankBy(ok, (a, b) => a.cosSingle! - b.cosSingle! || b.eucSingle! - a.eucSingle!);
  const ranked = interleave([
    bySingleCos,
    rankBy(ok, (a, b) => b.eucSingle! - a.eucSingle!),
    rankBy(ok, (a, b) => (a.cosEntire ?? 1) - (b.cosEntire ?? 1)),
  ]);
  const batch = Math.min(options.candidates ?? 12, ranked.length);
  const single = (t: string): CandidateGroup => ({ label: t, kind: 'tensor', tensors: [t] });
  // regions are for searching further: int8 already within budget needs only the single-tensor ranking
  const regions = within(options.apQuant)
    ? []
    : (options.regions ?? []).filter((g) => g.tensors.every((t) => quantised.has(t)));
  let evaluations = 0;
  const measure = async (keep: string[], int16: string[] = []) => {
    options.signal?.throwIfAborted();
    evaluations++;
    return evaluate(keep, int16);
  };
  const candidates: SearchCandidate[] = [];
  const lastAp = new Map<CandidateGroup, number>();
  const pool: CandidateGroup[] = [];
  const measureGroup = async (g: CandidateGroup, keep: string[], round: number, base: number) => {
    options.progress?.(`AP with ${g.label} float${keep.length ? ` (on top of ${keep.length})` : ''}`);
    const ap = await measure([...new Set([...keep, ...g.tensors])]);
    lastAp.set(g, ap);
    candidates.push({ ...g, round, base, ap, apGain: ap - base });
  };
  // first pool: the worst tensors, then the regions, each alone
  pool.push(...ranked.slice(0, batch).map(single), ...regions);
  let next = batch; // ranked tensors taken into the pool so far
  for (const g of pool) await measureGroup(g, [], 0, options.apQuant);

  let chosen: CandidateGroup[] = [];
  const union = (groups: CandidateGroup[]) => [...new Set(groups.flatMap((g) => g.tensors))];
  let ap = options.apQuant;
  const steps: HybridSearchReport['steps'] = [];
  const perStep = options.perStep ?? 6;
  let stopReason = '';
  /** More ranked tensors, measured on top of the current set; false when the rankings are used up. */
  const extend = async (): Promise<boolean> => {
    const keep = union(chosen);
    if (keep.length >= maxKeep) return false;
    const fresh: string[] = [];
    while (next < ranked.length && fresh.length < batch) {
      const t = ranked[next++];
      if (!keep.includes(t)) fresh.push(t);
    }
    for (const t of fresh) {
      if (evaluations >= maxEvaluations) break;
      const g = single(t);
      pool.push(g);
      await measureGroup(g, keep, chosen.length, ap);
    }
    return fresh.length > 0;
  };
  while (!stopReason) {
    if (within(ap)) {
      stopReason = `within budget: AP ${ap.toFixed(4)} vs float ${options.apFloat.toFixed(4)}`;
      break;
    }
    if (evaluations >= maxEvaluations) {
      stopReason = `evaluation limit (${maxEvaluations}) reached`;
      break;
    }
    const keep = union(chosen);
    const fits = (g: CandidateGroup) => union([...chosen, g]).length <= maxKeep;
    const open = pool.filter((g) => !chosen.includes(g) && g.tensors.some((t) => !keep.includes(t)));
    const remaining = open.filter(fits).sort((a, b) => lastAp.get(b)! - lastAp.get(a)!);
    if (remaining.length === 0) {
      if (await extend()) continue;
      stopReason =
        keep.length >= maxKeep || open.length > 0
          ? `tensor cap: ${keep.length} of at most ${maxKeep} tensors kept`
          : 'candidates exhausted: every ranked tensor was measured';
      continue;
    }
    const tried = chosen.length === 0 ? remaining : remaining.slice(0, perStep);
    if (chosen.length > 0) {
      for (const g of tried) {
        if (evaluations >= maxEvaluations) break;
        await measureGroup(g, keep, chosen.length, ap);
      }
    }
    const best = tried.reduce((x, y) => (lastAp.get(y)! > lastAp.get(x)! ? y : x));
    if (lastAp.get(best)! <= ap) {
      if (!(await extend())) stopReason = 'no remaining candidate improves AP';
      continue;
    }
    chosen.push(best);
    ap = lastAp.get(best)!;
    steps.push({ label: best.label, tensors: union(chosen).length, ap });
    options.progress?.(`keep ${union(chosen).length} float (${best.label}): AP ${ap.toFixed(4)}`);
  }
  let int16: string[] = [];
  if (within(ap)) {
    for (const g of [...chosen].reverse()) {
      if (chosen.length === 1) break;
      const without = chosen.filter((k) => k !== g);
      const apWithout = await measure(union(without));
      if (within(apWithout)) {
        chosen = without;
        ap = apWithout;
      }
    }
    if (options.tryInt16) {
      for (const g of chosen) {
        const trial = [...new Set([...int16, ...g.tensors])];
        const apInt16 = await measure(union(chosen), trial);
        if (within(apInt16)) {
          int16 = trial;
          ap = apInt16;
        }
      }
    }
  }
  const alone = new Map(candidates.filter((c) => c.round === 0 && c.kind === 'tensor').map((c) => [c.label, c.ap]));
  const rowOf = new Map(ok.filter((r) => !isSlice(r)).map((r) => [r.tensor, r]));
  const sensitivity: SensitivityEntry[] = bySingleCos.map((t, i) => {
    const apIf = alone.get(t) ?? null;
    const r = rowOf.get(t);
    return {
      tensor: t,
      opType: r?.opType ?? null,
      onnxNode: r?.onnxNode ?? null,
      singleRank: i + 1,
      cosSingle: r?.cosSingle ?? null,
      apIfFloat: apIf,
      apGain: apIf === null ? null : apIf - options.apQuant,
    };
  });
  return {
    keepFloat: union(chosen),
    keepInt16: int16,
    apHybrid: ap,
    withinBudget: within(ap),
    sensitivity,
    evaluations,
    search: { candidates, steps, int16, stopReason },
  };
}
