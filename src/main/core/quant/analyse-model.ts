import type { OnnxModel } from '../onnx/onnx-model';
import { encodeOnnx } from '../onnx/onnx-model';
import { insertQdq } from '../onnx/qdq-insert';
import { suffixGraph } from '../onnx/suffix-graph';
import type { FeedSource } from '../runtime/feed-source';
import {
  type ActivationTensor,
  calibrateActivations,
  calibrateAllAlgorithms,
  listFloatActivations,
} from './activation-calibration';
import type { CalibAlgo } from './calibrators';
import type { Range } from './histogram-thresholds';
import { branchRoots } from './branch-roots';
import { candidateRegions, decodeFrontier } from './candidate-regions';
import { type CutHeadProposal, measureCutHead, prepareCutHead } from './cut-head-proposal';
import { type HybridEvaluator, type HybridProposal, type HybridSearchReport, proposeHybrid } from './hybrid-proposal';
import { analyseLayers, type LayerRow } from './layer-analysis';
import { type ActivationType, buildQdqPlan, type QuantDtype } from './precision-plan';
import { formatProposal, type HybridPrecision, type ProposalFormats } from './proposal-formats';
import type { WeightMethod } from './weight-quant';

/** AP of model bytes; `keepFloat` names the tensors left float in a quantized model (absent for the float one). */
export type ModelEvaluator = (
  model: Uint8Array,
  label: string,
  keepFloat?: string[],
  io?: EvaluatorIo,
) => Promise<number>;

/**
 * Prefix reuse between AP runs: `capture` keeps these tensors of every image (the decode frontier of the quantised
 * model); `suffix` is a graph whose inputs are those tensors, run on the kept values instead of the whole `model`
 * (which it computes the same outputs as, and which the AP is recorded for).
 */
export interface EvaluatorIo {
  capture?: readonly string[];
  suffix?: Uint8Array;
}

export interface AnalyseOptions {
  dtype: QuantDtype;
  algo: CalibAlgo;
  weightMethod: WeightMethod;
  activationType?: ActivationType;
  keepFloat?: string[];
  /** What the proposal raises its tensors to: float (rknn float16) or int16 activations (ATC A16W8). */
  hybridPrecision?: HybridPrecision;
  apBudget?: number;
  maxFloatFraction?: number;
  candidates?: number;
  threads?: number;
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number) => void;
  log?: (text: string) => void;
}

/** Calibration algorithms compared by the AP of the proposed set (when the search alone missed the budget). */
export interface CalibrationChoice {
  chosen: CalibAlgo;
  tried: { algo: CalibAlgo; ap: number }[];
}

export interface AnalyseResult {
  tensors: ActivationTensor[];
  ranges: Map<string, Range>;
  layers: LayerRow[];
  ap: { float: number; quant: number; hybrid: number } | null;
  proposal:
    | (HybridProposal & {
        formats: ProposalFormats;
        search: HybridSearchReport & { calibration: CalibrationChoice | null; cutHead: CutHeadProposal | null };
      })
    | null;
  /** Fake-quant model as configured (with the user's keep-float set), and the proposed hybrid. */
  qdqModel: Uint8Array;
  hybridModel: Uint8Array | null;
}

/**
 * The whole built-in simulation: calibrate, build the QDQ model, per-layer analysis, then (given an
 * AP evaluator) AP float/quant, the sensitivity ranking and the hybrid proposal under the budget.
 */
export async function analyseModel(
  model: OnnxModel,
  calib: FeedSource,
  analysisSamples: FeedSource,
  evaluate: ModelEvaluator | null,
  o: AnalyseOptions,
): Promise<AnalyseResult> {
  const phase = (name: string) => (done: number, total: number) => o.progress?.(name, done, total);
  // the cut-head proposal's new tensors are calibrated in the same pass, on its nodes grafted onto the model
  const prepared = evaluate ? prepareCutHead(model) : null;
  const graft = prepared && 'union' in prepared ? prepared : null;
  const found = await listFloatActivations(graft?.union ?? model, calib, o.threads);
  const tensors = found.filter((t) => !graft?.fresh.has(t.tensor));
  o.log?.(`${tensors.length} float activation tensors; calibrating with ${o.algo} on ${calib.count} images`);
  const type = o.dtype === 'w8a16' ? 'int16' : (o.activationType ?? 'int8');
  const calibrated = await calibrateActivations(graft?.union ?? model, found, calib, {
    algo: o.algo,
    type,
    threads: o.threads,
    signal: o.signal,
    progress: phase('calibrate'),
  });
  const ranges = new Map(tensors.map((t) => [t.tensor, calibrated.get(t.tensor)!]));
  const freshRanges = new Map([...calibrated].filter(([t]) => graft?.fresh.has(t)));
  const userKeep = o.keepFloat ?? [];
  const int16 = o.hybridPrecision === 'int16' && o.dtype === 'w8a8';
  // user keep-float tensors stay float; proposed ones are float or int16
  // int16 set explicitly (the search's int16 trial), or every proposed tensor with --hybrid-precision int16
  const planFor = (keep: string[], i16: string[] = [], r = ranges) => {
    const proposed = keep.filter((t) => !userKeep.includes(t));
    const raised = int16 ? proposed : i16;
    return buildQdqPlan(r, {
      dtype: o.dtype,
      activationType: o.activationType,
      weightMethod: o.weightMethod,
      keepFloat: keep.filter((t) => userKeep.includes(t) || !raised.includes(t)),
      keepInt16: raised,
    });
  };
  const plan = planFor(userKeep);
  const layers = await analyseLayers(model, tensors, plan, analysisSamples, {
    threads: o.threads,
    signal: o.signal,
    progress: phase('analyse'),
  });
  const qdqModel = encodeOnnx(insertQdq(model, plan));
  if (!evaluate) return { tensors, ranges, layers, ap: null, proposal: null, qdqModel, hybridModel: null };

  const bytesWith = (r: Map<string, Range>, keep: string[], i16: string[] = []) =>
    encodeOnnx(insertQdq(model, planFor(keep, i16, r)));
  // Candidates that only change the decode (or the head) run it alone on tensors kept from the configured model's run
  const frontier = decodeFrontier(model, tensors);
  const dimsOf = new Map(tensors.map((t) => [t.tensor, t.dims]));
  const decodeOnly = frontier.length ? suffixGraph(model, frontier, (t) => dimsOf.get(t)) : null;
  // the cut head runs from the tensors its convs read, kept from the quantised model (user keep-float sets differ)
  const cutFrontier = graft && !userKeep.length ? graft.frontier.filter((t) => dimsOf.has(t)) : [];
  // and candidates in the head's branches from where the branches start (YOLOv8: the neck outputs)
  const roots = cutFrontier.length ? branchRoots(model, cutFrontier).filter((t) => dimsOf.has(t)) : [];
  const kept = [...(decodeOnly ? frontier : []), ...cutFrontier, ...roots];
  const capture = kept.length ? { capture: [...new Set(kept)] } : undefined;
  const dims = (t: string) => dimsOf.get(t);
  // where a candidate's model can start instead of the input: each start computes the outputs from kept tensors
  const startAt = (label: string, from: string[]) => ({
    label,
    frontier: from,
    suffix: from.length ? suffixGraph(model, from, dims) : null,
  });
  const starts = [
    { label: 'decode only', frontier, suffix: decodeOnly },
    startAt('head only', cutFrontier),
    startAt('head branches only', roots),
  ];
  const startFor = (keep: string[]) =>
    starts.find((s) => s.suffix && keep.every((t) => s.suffix!.produced.has(t) || s.frontier.includes(t)));
  const apFloat = await evaluate(encodeOnnx(model), 'float');
  const apQuant = userKeep.length
    ? await evaluate(bytesWith(ranges, []), 'quant', [])
    : await evaluate(qdqModel, 'quant', [], capture);
  const apBase = userKeep.length ? await evaluate(qdqModel, 'keep-float', userKeep, capture) : apQuant;
  const keepFloatAp = userKeep.length ? `, with keep-float ${apBase.toFixed(4)}` : '';
  o.log?.(`AP float ${apFloat.toFixed(4)}, ${o.dtype} ${apQuant.toFixed(4)}${keepFloatAp}`);
  const budget = o.apBudget ?? 0.01;
  const fraction = o.maxFloatFraction ?? 0.1;
  const regions = candidateRegions(model, tensors, Math.max(1, Math.floor(fraction * tensors.length)));
  const hybridEvaluator =
    (r: Map<string, Range>, label: string): HybridEvaluator =>
    (keep, i16) => {
      const all = [...userKeep, ...keep];
      const qdq = insertQdq(model, planFor(all, i16, r));
      const start = r === ranges ? startFor(keep) : undefined;
      const suffix = start ? suffixGraph(qdq, start.frontier, dims) : null;
      return evaluate(
        encodeOnnx(qdq),
        `${label} ${keep.length}${suffix ? ` (${start!.label})` : ''}`,
        all,
        suffix ? { suffix: encodeOnnx(suffix.model) } : {},
      );
    };
  const proposal = await proposeHybrid(layers, hybridEvaluator(ranges, 'hybrid'), {
    apFloat,
    apQuant: apBase,
    apBudget: budget,
    maxFraction: fraction,
    candidates: o.candidates,
    regions,
    tryInt16: o.dtype === 'w8a8' && !int16,
    signal: o.signal,
    progress: (m) => o.log?.(m),
  });
  o.log?.(`search stopped: ${proposal.search.stopReason}`);
  // Not within budget: the calibration algorithm is chosen by measured AP of the proposed set
  let hybridRanges = ranges;
  let calibration: CalibrationChoice | null = null;
  if (!proposal.withinBudget) {
    o.log?.('not within budget: comparing calibration algorithms by AP');
    const all = await calibrateAllAlgorithms(model, tensors, calib, {
      type,
      threads: o.threads,
      signal: o.signal,
      progress: phase('calibrate-all'),
    });
    const tried = [{ algo: o.algo, ap: proposal.apHybrid }];
    for (const [algo, r] of all) {
      if (algo === o.algo) continue;
      tried.push({ algo, ap: await hybridEvaluator(r, algo)(proposal.keepFloat, proposal.keepInt16) });
    }
    const best = tried.reduce((x, y) => (y.ap > x.ap ? y : x));
    calibration = { chosen: best.algo, tried };
    if (best.algo !== o.algo) {
      hybridRanges = all.get(best.algo)!;
      proposal.apHybrid = best.ap;
      proposal.withinBudget = apFloat - best.ap <= budget;
    }
  }
  const cut =
    apFloat - apBase > budget
      ? await measureCutHead(prepared!, hybridRanges, calib, evaluate, {
          plan: { dtype: o.dtype, activationType: o.activationType, weightMethod: o.weightMethod },
          algo: calibration?.chosen ?? o.algo,
          type,
          apFloat,
          apBudget: budget,
          freshRanges: hybridRanges === ranges ? freshRanges : undefined,
          frontierDims: cutFrontier.length === graft?.frontier.length ? (t) => dimsOf.get(t) : undefined,
          threads: o.threads,
          signal: o.signal,
        })
      : null;
  if (cut) o.log?.(`cut head: ${cut.advice}`);
  const keepFloat = [...new Set([...userKeep, ...proposal.keepFloat])];
  const keepInt16 = int16 ? proposal.keepFloat : proposal.keepInt16;
  const byTensor = new Map(tensors.map((t) => [t.tensor, t.node]));
  const formats = formatProposal(
    keepFloat.map((t) => ({
      tensor: t,
      node: byTensor.get(t) ?? null,
      precision: !userKeep.includes(t) && keepInt16.includes(t) ? ('int16' as const) : ('float16' as const),
    })),
  );
  return {
    tensors,
    ranges,
    layers,
    ap: { float: apFloat, quant: apQuant, hybrid: proposal.apHybrid },
    proposal: {
      ...proposal,
      keepFloat,
      keepInt16,
      formats,
      search: { ...proposal.search, calibration, cutHead: cut },
    },
    qdqModel,
    hybridModel: keepFloat.length ? bytesWith(hybridRanges, keepFloat, proposal.keepInt16) : null,
  };
}
