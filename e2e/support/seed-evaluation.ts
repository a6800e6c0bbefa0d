import { openWorkspace } from '../../src/main/core/workspace/workspace';
import { PR_CURVES_ARTIFACT } from '../../src/main/core/eval/store-evaluation';

const CLASSES = ['circle', 'square', 'triangle'];

/**
 * Stores an evaluation-shaped result for a run through the store (metrics, per-class AP, PR curves artifact),
 * as the eval and board benchmark stages do, from a second connection to the live workspace (SQLite WAL).
 */
export async function seedEvaluation(
  workspaceDir: string,
  runId: number,
  ap: number,
  latencyMs: number,
): Promise<void> {
  const ws = openWorkspace(workspaceDir);
  try {
    ws.metrics.set(runId, { map: ap, map50: ap + 0.2, 'board.latency_ms': latencyMs });
    ws.metrics.setClassMetrics(
      runId,
      CLASSES.map((className, classId) => ({ classId, className, key: 'ap', value: ap + (classId - 1) * 0.05 })),
    );
    const recall = Array.from({ length: 101 }, (_, i) => i / 100);
    const classes = CLASSES.map((name, id) => ({
      id,
      name,
      precision: [recall.map((r) => Math.max(0, Math.min(1, ap + 0.5 - r * (0.6 - id * 0.1))))],
    }));
    await ws.artifacts.write(
      runId,
      PR_CURVES_ARTIFACT,
      'pr-curves.json',
      JSON.stringify({ recall, iouThresholds: [0.5], classes }),
    );
  } finally {
    ws.close();
  }
}
