import type { ClassMetric } from '../../../shared/contract';
import type { Db } from './database';

export class MetricsRepo {
  constructor(private readonly db: Db) {}

  set(runId: number, metrics: Record<string, number>): void {
    const upsert = this.db.prepare(
      'INSERT INTO metrics (run_id, key, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(metrics)) {
        if (!Number.isFinite(value))
          throw new Error(`Metric "${key}" of run ${runId} is not a finite number (${value}).`);
        upsert.run(runId, key, value);
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
      'INSERT INTO class_metrics (run_id, class_id, class_name, key, value) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT(run_id, class_id, key) DO UPDATE SET value = excluded.value, class_name = excluded.class_name',
    );
    this.db.transaction(() => rows.forEach((r) => upsert.run(runId, r.classId, r.className, r.key, r.value)))();
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
