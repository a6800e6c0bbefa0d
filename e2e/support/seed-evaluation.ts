import { openWorkspace } from '../../src/main/core/workspace/workspace';

const CLASSES = ['circle', 'square', 'triangle'];

export interface SeededEvaluation {
  variant: 'fp32' | 'w8a8' | 'hybrid';
  runtime: 'host-ort' | 'builtin-sim' | 'rknn-board';
  ap: number;
  /** Board latency of this same model, as a board-eval stage records it. */
  boardMs: number;
}

/**
 * Stores an AP ledger record for a run (12 stats, per-class AP, PR curves) plus its board latency metric, as the
 * eval and board stages do, from a second connection to the live workspace (SQLite WAL). All seeded records
 * share one dataset fingerprint, so Compare puts a Δ against the fp32 one.
 */
export function seedEvaluation(workspaceDir: string, runId: number, e: SeededEvaluation): void {
  const ws = openWorkspace(workspaceDir);
  try {
    ws.metrics.set(runId, { 'board.latency_ms': e.boardMs });
    const recall = Array.from({ length: 101 }, (_, i) => i / 100);
    const perClass = CLASSES.map((name, id) => ({ id, name, ap: e.ap + (id - 1) * 0.05, ap50: e.ap + 0.2 }));
    ws.evaluations.add({
      runId,
      stageIndex: 0,
      stageKind: e.runtime === 'rknn-board' ? 'board-eval' : 'eval',
      modelPath: null,
      modelSha256: null,
      variant: e.variant,
      label: e.variant,
      runtime: e.runtime,
      dataset: 'seeded-200',
      stats: [e.ap, e.ap + 0.2, ...Array<number>(10).fill(-1)],
      perClass,
      prCurves: {
        recall,
        iouThresholds: [0.5],
        classes: CLASSES.map((name, id) => ({
          id,
          name,
          precision: [recall.map((r) => Math.max(0, Math.min(1, e.ap + 0.5 - r * (0.6 - id * 0.1))))],
        })),
      },
      images: 200,
      latencyMs: e.boardMs,
      latencyWhere: 'board',
    });
  } finally {
    ws.close();
  }
}
