import path from 'node:path';
import { EVAL_RESULT_ARTIFACT, type RuntimeKind } from '../../../shared/contract';
import { recordEvaluation, type ScoringStage } from './record-evaluation';
import { evalResultOf, type EvaluationReport } from './run-evaluation';
import { STAT_KEYS } from './stat-keys';

export const PR_CURVES_ARTIFACT = 'pr-curves';
export { EVAL_RESULT_ARTIFACT };
export const DETECTIONS_ARTIFACT = 'detections';

export interface ReportAs {
  variant?: string;
  runtime?: RuntimeKind;
}

/**
 * The AP ledger record of an `eval`: without a variant/runtime, a model is fp32 on host onnxruntime
 * and a scored results file an `imported` one of unknown variant.
 */
export function recordReport(stage: ScoringStage, r: EvaluationReport, as: ReportAs = {}) {
  const variant = as.variant ?? (r.modelPath ? 'fp32' : 'unknown');
  const runtime = as.runtime ?? (r.modelPath ? 'host-ort' : 'imported');
  const dets = typeof r.setup.dets === 'string' ? path.basename(r.setup.dets) : 'results file';
  return recordEvaluation(
    stage,
    {
      model: r.modelPath ? { path: r.modelPath } : null,
      variant,
      label: r.modelPath ? variant : `${variant} (${dets})`,
      runtime,
      runtimeDetail: r.modelPath ? {} : { file: r.setup.dets, gt: r.setup.gt },
      dataset: r.datasetFingerprint,
      datasetName: String(r.setup.dataset ?? r.setup.gt ?? ''),
      preprocess: r.preprocess ? { preset: r.setup.preset, imgsz: r.setup.imgsz, ...r.preprocess } : {},
      thresholds: r.thresholds,
      // Inference time alone (letterbox and NMS excluded), so it compares with a board's per-image time.
      latencyMs: r.modelPath && r.images ? (Number(r.setup.inference_seconds) * 1000) / r.images : null,
      latencyWhere: r.modelPath ? 'host' : null,
    },
    r,
  );
}

/**
 * Stores an evaluation with a run: an AP ledger record, metrics, per-class AP, and the detections /
 * PR curves / result JSON as artifacts.
 */
export async function storeEvaluation(stage: ScoringStage, r: EvaluationReport, as: ReportAs = {}): Promise<void> {
  const { workspace: ws, runId } = stage;
  await recordReport(stage, r, as);
  ws.metrics.set(runId, {
    ...Object.fromEntries(STAT_KEYS.map((k, i) => [k, r.stats[i]])),
    images: r.images,
    seconds: r.seconds,
    ms_per_image: r.msPerImage,
  });
  ws.metrics.setClassMetrics(
    runId,
    r.perClass.flatMap((c) =>
      (['ap', 'ap50', 'ap75', 'ar100'] as const).map((key) => ({
        classId: c.id,
        className: c.name,
        key,
        value: c[key],
      })),
    ),
  );
  await ws.artifacts.write(runId, DETECTIONS_ARTIFACT, 'detections.json', JSON.stringify(r.detections));
  await ws.artifacts.write(runId, PR_CURVES_ARTIFACT, 'pr-curves.json', JSON.stringify(r.prCurves));
  await ws.artifacts.write(runId, EVAL_RESULT_ARTIFACT, 'eval-result.json', JSON.stringify(evalResultOf(r)));
}

/**
 * `eval … --run ID`: adds the AP to an existing run without touching its own metrics (an `.om`
 * scored from a board's outputs, a results file made by another tool). Its detections are kept too.
 */
export async function attachEvaluation(
  target: Pick<ScoringStage, 'workspace' | 'runId'>,
  r: EvaluationReport,
  as: ReportAs,
): Promise<void> {
  await recordReport({ ...target, stageIndex: null, stageKind: 'attached' }, r, as);
  await target.workspace.artifacts.write(
    target.runId,
    'attached-detections',
    `${as.variant ?? 'unknown'}-${as.runtime ?? 'imported'}-detections.json`,
    JSON.stringify(r.detections),
  );
}
