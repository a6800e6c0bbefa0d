import type { LayerError, LayerErrorSource } from '../../../shared/contract/analysis-schemas';
import type { Db } from './database';
import { copyStageRows, RUNNING_STAGE } from './stage-rows';

export type NewLayerError = Omit<LayerError, 'source' | 'seq'>;

const COLUMNS = [
  'source',
  'seq',
  'tensor',
  'op_type',
  'onnx_node',
  'cos_entire',
  'cos_single',
  'euc_entire',
  'euc_single',
  'sqnr',
] as const;

export class LayerErrorsRepo {
  constructor(private readonly db: Db) {}

  /** Replaces the run's rows for one source, keeping table order in `seq`. */
  replace(runId: number, source: LayerErrorSource, rows: NewLayerError[]): void {
    const insert = this.db.prepare(
      `INSERT INTO layer_errors (run_id, stage_index, ${COLUMNS.join(', ')})
       VALUES (?, ${RUNNING_STAGE}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM layer_errors WHERE run_id = ? AND source = ?').run(runId, source);
      rows.forEach((r, seq) =>
        insert.run(
          runId,
          runId,
          source,
          seq,
          r.tensor,
          r.opType,
          r.onnxNode,
          r.cosEntire,
          r.cosSingle,
          r.eucEntire,
          r.eucSingle,
          r.sqnr,
        ),
      );
    })();
  }

  /** A child run's layer errors from its kept stages (before `beforeStage`). */
  copyToRun(fromRunId: number, toRunId: number, beforeStage: number): void {
    copyStageRows(this.db, 'layer_errors', COLUMNS, { fromRunId, toRunId, beforeStage });
  }

  list(runId: number, source?: LayerErrorSource): LayerError[] {
    const sql = `SELECT source, seq, tensor, op_type AS opType, onnx_node AS onnxNode,
                 cos_entire AS cosEntire, cos_single AS cosSingle, euc_entire AS eucEntire, euc_single AS eucSingle,
                 sqnr
                 FROM layer_errors WHERE run_id = ? ${source ? 'AND source = ?' : ''} ORDER BY source, seq`;
    return (source ? this.db.prepare(sql).all(runId, source) : this.db.prepare(sql).all(runId)) as LayerError[];
  }
}
