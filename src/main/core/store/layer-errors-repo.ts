import type { LayerError, LayerErrorSource } from '../../../shared/contract/analysis-schemas';
import type { Db } from './database';

export type NewLayerError = Omit<LayerError, 'source' | 'seq'>;

export class LayerErrorsRepo {
  constructor(private readonly db: Db) {}

  /** Replaces the run's rows for one source, keeping table order in `seq`. */
  replace(runId: number, source: LayerErrorSource, rows: NewLayerError[]): void {
    const insert = this.db.prepare(
      `INSERT INTO layer_errors
         (run_id, source, seq, tensor, op_type, onnx_node, cos_entire, cos_single, euc_entire, euc_single, sqnr)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM layer_errors WHERE run_id = ? AND source = ?').run(runId, source);
      rows.forEach((r, seq) =>
        insert.run(
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

  list(runId: number, source?: LayerErrorSource): LayerError[] {
    const sql = `SELECT source, seq, tensor, op_type AS opType, onnx_node AS onnxNode,
                 cos_entire AS cosEntire, cos_single AS cosSingle, euc_entire AS eucEntire, euc_single AS eucSingle,
                 sqnr
                 FROM layer_errors WHERE run_id = ? ${source ? 'AND source = ?' : ''} ORDER BY source, seq`;
    return (source ? this.db.prepare(sql).all(runId, source) : this.db.prepare(sql).all(runId)) as LayerError[];
  }
}
