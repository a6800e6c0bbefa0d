import type { OnnxModel } from '../onnx/onnx-model';
import { encodeOnnx } from '../onnx/onnx-model';
import { insertQdq } from '../onnx/qdq-insert';
import type { FeedSource } from '../runtime/feed-source';
import { type ActivationTensor, calibrateActivations, listFloatActivations } from './activation-calibration';
import type { CalibAlgo } from './calibrators';
import type { Range } from './histogram-thresholds';
import { type HybridProposal, proposeHybrid } from './hybrid-proposal';
import { analyseLayers, type LayerRow } from './layer-analysis';
import { type ActivationType, buildQdqPlan, type QuantDtype } from './precision-plan';
import { formatProposal, type HybridPrecision, type ProposalFormats } from './proposal-formats';
import type { WeightMethod } from './weight-quant';

/** AP of a model (float or fake-quant ONNX bytes) on the validation subset. */
/** AP of model bytes; `keepFloat` names the tensors left float in a quantized model (absent for the float one). */
export type ModelEvaluator = (model: Uint8Array, label: string, keepFloat?: string[]) => Promise<number>;

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

export interface AnalyseResult {
  tensors: ActivationTensor[];
  ranges: Map<string, Range>;
  layers: LayerRow[];
  ap: { float: number; quant: number; hybrid: number } | null;
  proposal: (HybridProposal & { formats: ProposalFormats }) | null;
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
  const tensors = await listFloatActivations(model, calib, o.threads);
  o.log?.(`${tensors.length} float activation tensors; calibrating with ${o.algo} on ${calib.count} images`);
  const type = o.dtype === 'w8a16' ? 'int16' : (o.activationType ?? 'int8');
  const ranges = await calibrateActivations(model, tensors, calib, {
    algo: o.algo,
    type,
    threads: o.threads,
    signal: o.signal,
    progress: phase('calibrate'),
  });
  const userKeep = o.keepFloat ?? [];
  const int16 = o.hybridPrecision === 'int16' && o.dtype === 'w8a8';
  // user keep-float tensors stay float; proposed ones are float or int16
  const planFor = (keep: string[]) => {
    const proposed = keep.filter((t) => !userKeep.includes(t));
    return buildQdqPlan(ranges, {
      dtype: o.dtype,
      activationType: o.activationType,
      weightMethod: o.weightMethod,
      keepFloat: int16 ? userKeep : keep,
      keepInt16: int16 ? proposed : [],
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

  const qdqBytes = (keep: string[]) => encodeOnnx(insertQdq(model, planFor(keep)));
  const apFloat = await evaluate(encodeOnnx(model), 'float');
  const apQuant = userKeep.length ? await evaluate(qdqBytes([]), 'quant', []) : await evaluate(qdqModel, 'quant', []);
  const apBase = userKeep.length ? await evaluate(qdqModel, 'keep-float', userKeep) : apQuant;
  const keepFloatAp = userKeep.length ? `, with keep-float ${apBase.toFixed(4)}` : '';
  o.log?.(`AP float ${apFloat.toFixed(4)}, ${o.dtype} ${apQuant.toFixed(4)}${keepFloatAp}`);
  const proposal = await proposeHybrid(
    layers,
    (keep) => evaluate(qdqBytes([...userKeep, ...keep]), `hybrid ${keep.length}`, [...userKeep, ...keep]),
    {
      apFloat,
      apQuant: apBase,
      apBudget: o.apBudget,
      maxFraction: o.maxFloatFraction,
      candidates: o.candidates,
      signal: o.signal,
      progress: (m) => o.log?.(m),
    },
  );
  const keepFloat = [...new Set([...userKeep, ...proposal.keepFloat])];
  const byTensor = new Map(tensors.map((t) => [t.tensor, t.node]));
  const formats = formatProposal(
    keepFloat.map((t) => ({
      tensor: t,
      node: byTensor.get(t) ?? null,
      precision: int16 && !userKeep.includes(t) ? ('int16' as const) : ('float16' as const),
    })),
  );
  return {
    tensors,
    ranges,
    layers,
    ap: { float: apFloat, quant: apQuant, hybrid: proposal.apHybrid },
    proposal: { ...proposal, keepFloat, formats },
    qdqModel,
    hybridModel: keepFloat.length ? qdqBytes(keepFloat) : null,
  };
}
