import type { Db } from './database';

/**
 * The stage a row being written belongs to: the run's running stage (a run runs one stage at a time), null outside
 * a stage. A SQL expression taking the run id as its parameter, so every writer records it without passing it.
 */
export const RUNNING_STAGE = `(SELECT idx FROM stages WHERE run_id = ? AND status = 'running')`;

/**
 * Gives a child run what its reused stages produced: the parent's rows of `table` written by stages before
 * `beforeStage`, or outside any stage, with their stage index. Files are shared by reference (rows, not copies).
 */
export function copyStageRows(
  db: Db,
  table: 'artifacts' | 'metrics' | 'class_metrics' | 'layer_errors' | 'evaluations',
  columns: readonly string[],
  rows: { fromRunId: number; toRunId: number; beforeStage: number },
): void {
  const cols = columns.join(', ');
  // rows keep their order (newest artifact of a kind wins), except metrics, which are keyed.
  const order = table === 'metrics' || table === 'class_metrics' ? '' : 'ORDER BY id';
  db.prepare(
    `INSERT INTO ${table} (run_id, stage_index, ${cols}) SELECT ?, stage_index, ${cols} FROM ${table}
     WHERE run_id = ? AND (stage_index IS NULL OR stage_index < ?) ${order}`,
  ).run(rows.toRunId, rows.fromRunId, rows.beforeStage);
}
