import type { Stage, StageStatus } from '../../../shared/contract';
import type { Db } from './database';
import { nowIso } from './time';

interface StageRow {
  id: number;
  run_id: number;
  idx: number;
  kind: string;
  status: StageStatus;
  progress_done: number;
  progress_total: number;
  message: string | null;
  log_file: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    runId: row.run_id,
    index: row.idx,
    kind: row.kind,
    status: row.status,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    message: row.message,
    logFile: row.log_file,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

export class StagesRepo {
  constructor(private readonly db: Db) {}

  /** Replaces the run's stage list (a re-run starts from fresh pending stages). */
  replaceAll(runId: number, stages: { kind: string; logFile: string }[]): Stage[] {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM stages WHERE run_id = ?').run(runId);
      const insert = this.db.prepare(
        `INSERT INTO stages (run_id, idx, kind, status, log_file) VALUES (?, ?, ?, 'pending', ?)`,
      );
      stages.forEach((s, i) => insert.run(runId, i, s.kind, s.logFile));
    })();
    return this.list(runId);
  }

  /** A child run's kept stage: the parent's outcome as it was (status, progress, times, error, identity). */
  copyResult(runId: number, from: Stage): void {
    this.db
      .prepare(
        `UPDATE stages SET status = ?, progress_done = ?, progress_total = ?, message = ?, error = ?,
           started_at = ?, finished_at = ?,
           identity = (SELECT identity FROM stages WHERE run_id = ? AND idx = ?) WHERE run_id = ? AND idx = ?`,
      )
      .run(
        from.status,
        from.progressDone,
        from.progressTotal,
        from.message,
        from.error,
        from.startedAt,
        from.finishedAt,
        from.runId,
        from.index,
        runId,
        from.index,
      );
  }

  /** What a stage ran on (kind + canonical params + input hashes), recorded when it succeeded; null before. */
  setIdentity(runId: number, index: number, identity: string): void {
    this.db.prepare('UPDATE stages SET identity = ? WHERE run_id = ? AND idx = ?').run(identity, runId, index);
  }

  identities(runId: number): (string | null)[] {
    return (
      this.db.prepare('SELECT identity FROM stages WHERE run_id = ? ORDER BY idx').all(runId) as {
        identity: string | null;
      }[]
    ).map((r) => r.identity);
  }

  list(runId: number): Stage[] {
    return (this.db.prepare('SELECT * FROM stages WHERE run_id = ? ORDER BY idx').all(runId) as StageRow[]).map(
      toStage,
    );
  }

  setStatus(runId: number, index: number, status: StageStatus, error: string | null = null): void {
    const now = nowIso();
    this.db
      .prepare(
        `UPDATE stages SET status = ?, error = ?,
           started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? IN ('succeeded','failed','cancelled','skipped','interrupted') THEN ?
                              ELSE finished_at END
         WHERE run_id = ? AND idx = ?`,
      )
      .run(status, error, status, now, status, now, runId, index);
  }

  setProgress(runId: number, index: number, done: number, total: number, message: string | null): void {
    this.db
      .prepare('UPDATE stages SET progress_done = ?, progress_total = ?, message = ? WHERE run_id = ? AND idx = ?')
      .run(done, total, message, runId, index);
  }
}
