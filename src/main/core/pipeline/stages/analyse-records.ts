import { describeKeep, recordEvaluation, type ScoringStage } from '../../eval/record-evaluation';
import type { ApMeasurement } from './analyse-ap';

export interface AnalysisRecordContext {
  modelPath: string;
  dtype: string;
  /** The user's keep-float set from the stage params. */
  userKeep: string[];
  /** The proposal's final keep-float set (user's + proposed), or null without a proposal. */
  proposedKeep: string[] | null;
  precision: string;
  apBudget: number;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t) => b.includes(t));

/**
 * The analysis' APs as ledger records: the float model on host onnxruntime (the reference), the
 * quantized model on the built-in simulator, the user's keep-float model, the proposal, and every
 * search candidate (role `candidate`). `configured` marks what the stage was asked to build — the
 * runs table's headline picks among those.
 */
export async function recordAnalysisAps(
  stage: ScoringStage,
  measurements: readonly ApMeasurement[],
  c: AnalysisRecordContext,
): Promise<void> {
  const proposalIndex = c.proposedKeep
    ? measurements.findLastIndex((m) => m.keepFloat !== null && sameSet(m.keepFloat, c.proposedKeep!))
    : -1;
  for (const [i, m] of measurements.entries()) {
    const r = m.result;
    const keep = m.keepFloat ?? [];
    const isFloat = m.label === 'float';
    const isPlainQuant = m.label === 'quant';
    const isUserKeep = m.label === 'keep-float';
    const role = isFloat || isPlainQuant || isUserKeep ? 'measured' : i === proposalIndex ? 'proposal' : 'candidate';
    const variant = isFloat ? 'fp32' : keep.length ? 'hybrid' : c.dtype;
    const keepText = describeKeep(keep, c.precision);
    // the proposal search's cut-head model (a different graph: it ends at the head convs)
    const label = isFloat
      ? 'fp32'
      : m.label === 'cut head'
        ? `${c.dtype}, head cut before decoding (surgery --preset rknn9)`
        : !keep.length
          ? c.dtype
          : role === 'proposal'
            ? `${c.dtype} + proposal (${keepText})`
            : `${c.dtype} + ${keepText}`;
    await recordEvaluation(
      stage,
      {
        model: { sha256: m.modelSha256, path: isFloat ? c.modelPath : undefined },
        variant,
        variantDetail: {
          ...(variant === 'hybrid' && { base: c.dtype, keepFloat: keep, precision: c.precision }),
          configured: isFloat ? false : c.userKeep.length ? isUserKeep : isPlainQuant,
          apBudget: c.apBudget,
        },
        role,
        label,
        runtime: isFloat ? 'host-ort' : 'builtin-sim',
        dataset: r.datasetFingerprint,
        preprocess: { preset: r.preset, imgsz: `${r.imgsz.width}x${r.imgsz.height}`, ...r.preprocess },
        thresholds: r.thresholds,
        // Host time of the float model only: a fake-quant session's time says nothing about an NPU.
        latencyMs: isFloat && r.images ? (r.inferenceSeconds * 1000) / r.images : null,
        latencyWhere: isFloat ? 'host' : null,
      },
      r,
    );
  }
}
