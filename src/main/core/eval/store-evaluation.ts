import type { Workspace } from '../workspace/workspace';
import { type EvaluationReport, reportJson } from './run-evaluation';

/** pycocotools stat order → metric keys of a run. */
export const STAT_KEYS = [
  'map',
  'map50',
  'map75',
  'map_small',
  'map_medium',
  'map_large',
  'mar1',
  'mar10',
  'mar100',
  'mar_small',
  'mar_medium',
  'mar_large',
] as const;

export const PR_CURVES_ARTIFACT = 'pr-curves';
export const EVAL_RESULT_ARTIFACT = 'eval-result';
export const DETECTIONS_ARTIFACT = 'detections';

/**
 * Stores an evaluation with a run: metrics, per-class AP, and the detections / PR curves / result JSON as artifacts.
 */
export async function storeEvaluation(ws: Workspace, runId: number, r: EvaluationReport): Promise<void> {
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
  await ws.artifacts.write(
    runId,
    EVAL_RESULT_ARTIFACT,
    'eval-result.json',
    JSON.stringify({ ...reportJson(r), setup: r.setup, warnings: r.warnings }),
  );
}
