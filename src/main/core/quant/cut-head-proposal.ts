import { cloneForEdit } from '../onnx/graph-clone';
import { cutHead } from '../onnx/head-surgery';
import { encodeOnnx, GraphIndex, type OnnxModel } from '../onnx/onnx-model';
import { insertQdq } from '../onnx/qdq-insert';
import { suffixGraph } from '../onnx/suffix-graph';
import type { FeedSource } from '../runtime/feed-source';
import { calibrateActivations, listFloatActivations } from './activation-calibration';
import type { CalibAlgo } from './calibrators';
import type { Range } from './histogram-thresholds';
import { buildQdqPlan, type PlanOptions } from './precision-plan';
import type { IntType } from './quant-params';

export interface CutHeadProposal {
  preset: 'rknn9';
  /** int8 AP of the cut model decoded on the CPU; null when the head could not be cut. */
  ap: number | null;
  withinBudget: boolean;
  advice: string;
}

/** The cut model, and the full model with the cut's new nodes grafted on (one calibration pass covers both). */
export interface PreparedCut {
  cut: OnnxModel;
  union: OnnxModel;
  /** Tensors only the cut has (renamed outputs, score_sum). */
  fresh: Set<string>;
  /** Full-model tensors the cut's new nodes read: kept from the quantised model's AP run, the cut runs from there. */
  frontier: string[];
}

/** `surgery --preset rknn9` of the model, or why it cannot be cut. */
export function prepareCutHead(model: OnnxModel): PreparedCut | { error: string } {
  let cut: OnnxModel;
  try {
    cut = cutHead(model, { preset: 'rknn9' }).model;
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
  const full = new GraphIndex(model.graph);
  const known = new Set([...full.activationTensors(), ...model.graph.input.map((i) => i.name)]);
  const added = cut.graph.node.filter((n) => n.output.some((t) => !known.has(t)));
  const fresh = new Set(added.flatMap((n) => n.output));
  const union = cloneForEdit(model);
  // node names stay unique: the cut keeps the names of the convs it renames the outputs of
  union.graph.node.push(...added.map((n) => ({ ...n, name: `/cut-head${n.name ?? ''}` })));
  union.graph.initializer.push(...cut.graph.initializer.filter((t) => !full.initializers.has(t.name!)));
  const frontier = [...new Set(added.flatMap((n) => n.input).filter((t) => known.has(t) && !full.initializers.has(t)))];
  return { cut, union, fresh, frontier };
}

export interface CutHeadOptions {
  plan: Omit<PlanOptions, 'keepFloat' | 'keepInt16'>;
  algo: CalibAlgo;
  type: IntType;
  apFloat: number;
  apBudget: number;
  /** Ranges of the cut's new tensors from the full model's calibration under `algo` (calibrated here if absent). */
  freshRanges?: Map<string, Range>;
  /** Shapes of the frontier tensors when the evaluator kept them from the quantised model's AP run. */
  frontierDims?: (tensor: string) => readonly number[] | undefined;
  threads?: number;
  signal?: AbortSignal;
}

type CutEvaluator = (
  model: Uint8Array,
  label: string,
  keepFloat?: string[],
  io?: { suffix?: Uint8Array },
) => Promise<number>;

/**
 * The head cut before decoding (`surgery --preset rknn9`: the NPU ends at the per-scale convs, the CPU runs DFL,
 * boxes and scores in float) quantised like the full model and its AP measured: on YOLOv8-style heads the loss the
 * decode region causes in int8 (pixel coordinates next to 0–1 scores) disappears with it. Ranges the full model
 * already calibrated are reused; only the new tensors (renamed outputs, score_sum) need ranges of their own. With the
 * frontier kept, only the cut's head runs (the network before it is the quantised model's, already run).
 */
export async function measureCutHead(
  prepared: PreparedCut | { error: string },
  ranges: Map<string, Range>,
  calib: FeedSource,
  evaluate: CutEvaluator,
  o: CutHeadOptions,
): Promise<CutHeadProposal> {
  if ('error' in prepared)
    return { preset: 'rknn9', ap: null, withinBudget: false, advice: `not measured: ${prepared.error}` };
  const { cut } = prepared;
  const known = (t: string) => ranges.get(t) ?? o.freshRanges?.get(t);
  // the cut's other tensors are the full model's: those with a range are its float activations
  const names = [...cut.graph.input.map((i) => i.name), ...new GraphIndex(cut.graph).activationTensors()];
  let cutRanges = new Map(names.flatMap((t) => (known(t) ? [[t, known(t)!] as const] : [])));
  if ([...prepared.fresh].some((t) => !known(t))) {
    const tensors = await listFloatActivations(cut, calib, o.threads);
    const missing = tensors.filter((t) => !known(t.tensor));
    const extra = await calibrateActivations(cut, missing, calib, {
      algo: o.algo,
      type: o.type,
      threads: o.threads,
      signal: o.signal,
    });
    cutRanges = new Map(tensors.map((t) => [t.tensor, known(t.tensor) ?? extra.get(t.tensor)!]));
  }
  const qdq = insertQdq(cut, buildQdqPlan(cutRanges, o.plan));
  const suffix = o.frontierDims ? suffixGraph(qdq, prepared.frontier, o.frontierDims) : null;
  const ap = await evaluate(encodeOnnx(qdq), 'cut head', undefined, suffix ? { suffix: encodeOnnx(suffix.model) } : {});
  const withinBudget = o.apFloat - ap <= o.apBudget;
  const figures = `int8 AP ${ap.toFixed(4)} vs float ${o.apFloat.toFixed(4)}`;
  return {
    preset: 'rknn9',
    ap,
    withinBudget,
    advice: withinBudget
      ? `cut the head with \`surgery --preset rknn9\`; the CPU then decodes (${figures}, no tensor kept float)`
      : `cutting the head (\`surgery --preset rknn9\`) alone gives ${figures}: not within budget`,
  };
}
