import { cutHead } from '../onnx/head-surgery';
import { encodeOnnx, type OnnxModel } from '../onnx/onnx-model';
import { insertQdq } from '../onnx/qdq-insert';
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

export interface CutHeadOptions {
  plan: Omit<PlanOptions, 'keepFloat' | 'keepInt16'>;
  algo: CalibAlgo;
  type: IntType;
  apFloat: number;
  apBudget: number;
  threads?: number;
  signal?: AbortSignal;
}

/**
 * The head cut before decoding (`surgery --preset rknn9`: the NPU ends at the per-scale convs, the CPU runs DFL,
 * boxes and scores in float) quantised like the full model and its AP measured: on YOLOv8-style heads the loss the
 * decode region causes in int8 (pixel coordinates next to 0–1 scores) disappears with it. Ranges the full model
 * already calibrated are reused; only the new tensors (renamed outputs, score_sum) are calibrated.
 */
export async function measureCutHead(
  model: OnnxModel,
  ranges: Map<string, Range>,
  calib: FeedSource,
  evaluate: (model: Uint8Array, label: string) => Promise<number>,
  o: CutHeadOptions,
): Promise<CutHeadProposal> {
  let cut: OnnxModel;
  try {
    cut = cutHead(model, { preset: 'rknn9' }).model;
  } catch (error) {
    return {
      preset: 'rknn9',
      ap: null,
      withinBudget: false,
      advice: `not measured: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const tensors = await listFloatActivations(cut, calib, o.threads);
  const missing = tensors.filter((t) => !ranges.has(t.tensor));
  const extra = await calibrateActivations(cut, missing, calib, {
    algo: o.algo,
    type: o.type,
    threads: o.threads,
    signal: o.signal,
  });
  const cutRanges = new Map(tensors.map((t) => [t.tensor, ranges.get(t.tensor) ?? extra.get(t.tensor)!]));
  const ap = await evaluate(encodeOnnx(insertQdq(cut, buildQdqPlan(cutRanges, o.plan))), 'cut head');
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
