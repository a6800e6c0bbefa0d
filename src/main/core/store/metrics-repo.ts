import type { ClassMetric } from '../../../shared/contract';
import type { Db } from './database';
import { copyStageRows, RUNNING_STAGE } from './stage-rows';

export class MetricsRepo {
  constructor(private readonly db: Db) {}

  set(runId: number, metrics: Record<string, number>): void {
    const upsert = this.db.prepare(
      `INSERT INTO metrics (run_id, stage_index, key, value) VALUES (?, ${RUNNING_STAGE}, ?, ?) ` +
        'ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value, stage_index = excluded.stage_index',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(metrics)) {
        if (!Number.isFinite(value))
          throw new Error(`Metric "${key}" of run ${runId} is not a finite number (${value}).`);
        upsert.run(runId, runId, key, value);
      }
    })();
  }

  get(runId: number): Record<string, number> {
    const rows = this.db.prepare('SELECT key, value FROM metrics WHERE run_id = ?').all(runId) as {
      key: string;
      value: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  setClassMetrics(runId: number, rows: ClassMetric[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO class_metrics (run_id, stage_index, class_id, class_name, key, value)
       VALUES (?, ${RUNNING_STAGE}, ?, ?, ?, ?)
       ON CONFLICT(run_id, class_id, key) DO UPDATE SET value = excluded.value, class_name = excluded.class_name,
         stage_index = excluded.stage_index`,
    );
    this.db.transaction(() => rows.forEach((r) => upsert.run(runId, runId, r.classId, r.className, r.key, r.value)))();
  }

  /** A child run's metrics and per-class metrics from its kept stages (before `beforeStage`). */
  copyToRun(fromRunId: number, toRunId: number, beforeStage: number): void {
    const rows = { fromRunId, toRunId, beforeStage };
    copyStageRows(this.db, 'metrics', ['key', 'value'], rows);
    copyStageRows(this.db, 'class_metrics', ['class_id', 'class_name', 'key', 'value'], rows);
  }

  getClassMetrics(runId: number): ClassMetric[] {
    return this.db
      .prepare(
        'SELECT class_id AS classId, class_name AS className, key, value FROM class_metrics ' +
          'WHERE run_id = ? ORDER BY class_id, key',
      )
      .all(runId) as ClassMetric[];
  }
}
