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
  /** How many of the worst single-error tensors get their AP effect measured (default 8). */
  candidates?: number;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/** Concat slice rows (`T[k:input]`) stand for their Concat output T. */
const baseTensor = (row: LayerRow): string => (row.opType === 'Concat' ? row.tensor.replace(/\[\d+:.*\]$/, '') : row.tensor);

/**
 * Ranks tensors by single-layer error, measures the AP effect of keeping each of the worst ones
 * float, then adds them greedily by measured gain, re-evaluating AP after each addition, until the
 * drop vs float is within budget; finally drops any member the budget still holds without.
 */
export async function proposeHybrid(rows: LayerRow[], evaluate: HybridEvaluator, options: ProposalOptions): Promise<HybridProposal> {
  const budget = options.apBudget ?? 0.01;
  const within = (ap: number) => options.apFloat - ap <= budget;
  const quantised = new Set(rows.filter((r) => r.opType !== 'Input' && !/\[\d+:.*\]$/.test(r.tensor) && r.cosSingle !== null && r.eucSingle !== 0).map((r) => r.tensor));
  const maxKeep = Math.max(1, Math.floor((options.maxFraction ?? 0.1) * quantised.size));
  const ranked = rows
    .filter((r) => r.opType !== 'Input' && r.cosSingle !== null && quantised.has(baseTensor(r)))
    .sort((a, b) => a.cosSingle! - b.cosSingle! || (b.eucSingle ?? 0) - (a.eucSingle ?? 0));
  const order: LayerRow[] = [];
  for (const r of ranked) if (!order.some((o) => baseTensor(o) === baseTensor(r))) order.push(r);
  let evaluations = 0;
  const measure = async (keep: string[]) => {
    options.signal?.throwIfAborted();
    evaluations++;
    return evaluate(keep);
  };
  const measured = new Map<string, number>();
  for (const r of order.slice(0, options.candidates ?? 8)) {
    const t = baseTensor(r);
    options.progress?.(`AP with ${t} float`);
    measured.set(t, await measure([t]));
  }
  const sensitivity: SensitivityEntry[] = order.map((r, i) => {
    const t = baseTensor(r);
    const ap = measured.get(t) ?? null;
    return { tensor: t, opType: r.opType, onnxNode: r.onnxNode, singleRank: i + 1, cosSingle: r.cosSingle, apIfFloat: ap, apGain: ap === null ? null : ap - options.apQuant };
  });
  let keep: string[] = [];
  let ap = options.apQuant;
  if (!within(ap)) {
    const byGain = sensitivity.filter((s) => s.apGain !== null && s.apGain > 0).sort((a, b) => b.apGain! - a.apGain!);
    for (const s of byGain) {
      if (keep.length >= maxKeep) break;
      keep.push(s.tensor);
      ap = keep.length === 1 ? s.apIfFloat! : await measure(keep);
      options.progress?.(`keep ${keep.length} float: AP ${ap.toFixed(4)}`);
      if (within(ap)) break;
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
  }
  return { keepFloat: keep, apHybrid: ap, withinBudget: within(ap), sensitivity, evaluations };
}
