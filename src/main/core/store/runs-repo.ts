import type { RunPage, RunQuery, RunStatus, RunSummary } from '../../../shared/contract';
import { notFound, UserError } from '../errors/user-error';
import type { Db } from './database';
import { nowIso } from './time';

export interface NewRun {
  name: string;
  target: string;
  backend: string;
  configText: string;
  parentRunId?: number | null;
  projectId?: number | null;
  modelId?: number | null;
  datasetId?: number | null;
  tags?: string[];
  status?: RunStatus;
}

export interface RunRow {
  id: number;
  project_id: number | null;
  model_id: number | null;
  dataset_id: number | null;
  parent_run_id: number | null;
  name: string;
  target: string;
  backend: string;
  config_text: string;
  status: RunStatus;
  tags: string;
  archived: number;
  deleted_at: string | null;
  env_snapshot: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  metrics_json?: string | null;
}

const SUMMARY_COLUMNS =
  'runs.*, (SELECT json_group_object(key, value) FROM metrics m WHERE m.run_id = runs.id) AS metrics_json';

export function toRunSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    target: row.target,
    backend: row.backend,
    status: row.status,
    tags: JSON.parse(row.tags) as string[],
    archived: row.archived === 1,
    parentRunId: row.parent_run_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    metrics: row.metrics_json ? (JSON.parse(row.metrics_json) as Record<string, number>) : {},
    deletedAt: row.deleted_at,
  };
}

export class RunsRepo {
  constructor(private readonly db: Db) {}

  create(run: NewRun): RunSummary {
    if (run.parentRunId != null) this.getRow(run.parentRunId);
    const info = this.db
      .prepare(
        `INSERT INTO runs
           (project_id, model_id, dataset_id, parent_run_id, name, target, backend, config_text, status, tags,
            created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.projectId ?? null,
        run.modelId ?? null,
        run.datasetId ?? null,
        run.parentRunId ?? null,
        run.name,
        run.target,
        run.backend,
        run.configText,
        run.status ?? 'created',
        JSON.stringify(run.tags ?? []),
        nowIso(),
      );
    return this.get(Number(info.lastInsertRowid));
  }

  /** Whether this workspace ever had a run (deleted ones count): a fresh workspace has none. */
  anyEver(): boolean {
    return this.db.prepare('SELECT 1 FROM runs LIMIT 1').get() !== undefined;
  }

  /** Raw row, deleted or not; throws a not-found UserError for unknown ids. */
  getRow(id: number): RunRow {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    if (!row) throw notFound(`Run ${id}`, 'List runs with `npu-workbench runs list` to see valid ids.');
    return row;
  }

  get(id: number): RunSummary {
    const row = this.getRow(id);
    if (row.deleted_at)
      throw new UserError(
        `Run ${id} was deleted`,
        `Restore it with \`npu-workbench runs restore ${id}\` (or Undo in the app).`,
        'not_found',
      );
    return toRunSummary(row);
  }

  list(query: RunQuery = {}): RunPage {
    const where: string[] = [query.deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
    const params: (string | number)[] = [];
    if (!query.includeArchived) where.push('archived = 0');
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.target) {
      where.push('target = ?');
      params.push(query.target);
    }
    if (query.backend) {
      where.push('backend = ?');
      params.push(query.backend);
    }
    if (query.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)');
      params.push(query.tag);
    }
    if (query.text) {
      const like = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(name LIKE ? ESCAPE '\\' OR target LIKE ? ESCAPE '\\' OR backend LIKE ? ESCAPE '\\' ` +
          `OR tags LIKE ? ESCAPE '\\' OR CAST(id AS TEXT) = ?)`,
      );
      params.push(like, like, like, like, query.text);
    }
    const order = {
      created_desc: 'created_at DESC, id DESC',
      created_asc: 'created_at ASC, id ASC',
      name_asc: 'name COLLATE NOCASE ASC, id ASC',
    }[query.sort ?? 'created_desc'];
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, query.limit ?? 1000, query.offset ?? 0) as RunRow[];
    return { rows: rows.map(toRunSummary), total };
  }

  setStatus(id: number, status: RunStatus, error: string | null = null): RunSummary {
    const now = nowIso();
    const started = status === 'running' ? now : null;
    const finished = ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(status) ? now : null;
    this.db
      .prepare(
        'UPDATE runs SET status = ?, error = ?, started_at = COALESCE(?, started_at), ' +
          'finished_at = CASE WHEN ? IS NULL THEN NULL ELSE ? END WHERE id = ?',
      )
      .run(status, error, started, finished, finished, id);
    return this.get(id);
  }

  update(id: number, patch: { name?: string; tags?: string[]; archived?: boolean }): RunSummary {
    this.get(id);
    if (patch.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.tags !== undefined)
      this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify([...new Set(patch.tags)]), id);
    if (patch.archived !== undefined)
      this.db.prepare('UPDATE runs SET archived = ? WHERE id = ?').run(patch.archived ? 1 : 0, id);
    return this.get(id);
  }

  setEnvSnapshot(id: number, snapshot: Record<string, unknown>): void {
    this.db.prepare('UPDATE runs SET env_snapshot = ? WHERE id = ?').run(JSON.stringify(snapshot), id);
  }

  /** Soft delete so the UI can undo; a running run must be cancelled first. */
  softDelete(id: number): void {
    const run = this.get(id);
    if (run.status === 'running' || run.status === 'queued') {
      throw new UserError(`Run ${id} is ${run.status}`, 'Cancel it before deleting it.', 'conflict');
    }
    this.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ?').run(nowIso(), id);
  }

  restore(id: number): RunSummary {
    this.getRow(id);
    this.db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ?').run(id);
    return this.get(id);
  }

  /** Records which process executes the run, so another process opening the workspace leaves it alone. */
  claim(id: number, pid: number = process.pid): void {
    this.db.prepare('UPDATE runs SET runner_pid = ? WHERE id = ?').run(pid, id);
  }

  /** Runs some process is executing or about to (after markInterrupted, their runners are alive). */
  openRunIds(): number[] {
    return (this.db.prepare(`SELECT id FROM runs WHERE status IN ('running','queued')`).all() as { id: number }[]).map(
      (r) => r.id,
    );
  }

  /**
   * Runs left `queued`/`running` by a process that no longer exists become `interrupted`, with their
   * running stages. Runs owned by a live process (e.g. a `serve` beside this CLI) are left alone.
   */
  markInterrupted(isAlive: (pid: number) => boolean = processIsAlive): number[] {
    const open = this.db.prepare(`SELECT id, runner_pid FROM runs WHERE status IN ('running','queued')`).all() as {
      id: number;
      runner_pid: number | null;
    }[];
    const ids = open
      .filter((r) => r.runner_pid === null || (r.runner_pid !== process.pid && !isAlive(r.runner_pid)))
      .map((r) => r.id);
    if (ids.length === 0) return ids;
    const now = nowIso();
    const markRun = this.db.prepare(
      "UPDATE runs SET status = 'interrupted', finished_at = ?, " +
        "error = COALESCE(error, 'The workbench stopped while this run was in progress.') WHERE id = ?",
    );
    const markStages = this.db.prepare(
      `UPDATE stages SET status = 'interrupted', finished_at = ? WHERE run_id = ? AND status = 'running'`,
    );
    this.db.transaction(() => ids.forEach((id) => (markRun.run(now, id), markStages.run(now, id))))();
    return ids;
  }
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
