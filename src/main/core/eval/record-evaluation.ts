import { createHash } from 'node:crypto';
import type { EvaluationRecord } from '../../../shared/contract';
import { sha256File } from '../store/artifacts-repo';
import type { NewEvaluation } from '../store/evaluations-repo';
import type { Workspace } from '../workspace/workspace';
import type { EvalScore } from './score-detections';

/** "2 tensors float16", a keep-float variant's label: the names themselves are in variantDetail.keepFloat. */
export const describeKeep = (keep: readonly string[], precision: string): string =>
  `${keep.length} tensor${keep.length === 1 ? '' : 's'} ${precision}`;

/** The stage that scored (a run's stage, or a command writing into a run). */
export interface ScoringStage {
  workspace: Workspace;
  runId: number;
  stageIndex: number | null;
  stageKind: string;
}

/** What was scored and where: everything of a record that the score itself does not say. */
export type ScoredWhat = Pick<
  NewEvaluation,
  'variant' | 'variantDetail' | 'role' | 'label' | 'runtime' | 'runtimeDetail' | 'preprocess' | 'latencyWhere'
> & {
  /** The scored model: a file (hashed here) or an in-memory model's hash (fake-quant); null for results files. */
  model: { path: string } | { sha256: string; path?: string } | null;
  dataset: string;
  datasetName?: string | null;
  thresholds?: { conf: number; iou: number; maxDet: number } | null;
  latencyMs?: number | null;
};

export const sha256Bytes = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes one AP ledger record for a score. */
export async function recordEvaluation(
  stage: ScoringStage,
  what: ScoredWhat,
  score: EvalScore & { images: number },
): Promise<EvaluationRecord> {
  const model = what.model;
  const modelSha256 = !model ? null : 'sha256' in model ? model.sha256 : await sha256File(model.path);
  return stage.workspace.evaluations.add({
    runId: stage.runId,
    stageIndex: stage.stageIndex,
    stageKind: stage.stageKind,
    modelPath: model?.path ?? null,
    modelSha256,
    variant: what.variant,
    variantDetail: what.variantDetail,
    role: what.role,
    label: what.label,
    runtime: what.runtime,
    runtimeDetail: what.runtimeDetail,
    dataset: what.dataset,
    datasetName: what.datasetName,
    preprocess: what.preprocess,
    conf: what.thresholds?.conf,
    iou: what.thresholds?.iou,
    maxDet: what.thresholds?.maxDet,
    stats: score.stats,
    perClass: score.perClass.map((c) => ({ id: c.id, name: c.name, ap: c.ap, ap50: c.ap50 })),
    prCurves: score.prCurves,
    images: score.images,
    latencyMs: what.latencyMs,
    latencyWhere: what.latencyWhere,
  });
}
