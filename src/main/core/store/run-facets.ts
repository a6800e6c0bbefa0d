import type { RunFacets } from '../../../shared/contract';
import type { Db } from './database';

/** Distinct targets, backends, tags and metric keys over live runs; indexes on runs keep this fast at 10,000 runs. */
export function runFacets(db: Db): RunFacets {
  const column = (name: 'target' | 'backend'): string[] =>
    (
      db.prepare(`SELECT DISTINCT ${name} AS v FROM runs WHERE deleted_at IS NULL ORDER BY v`).all() as { v: string }[]
    ).map((r) => r.v);
  const tags = (
    db
      .prepare(
        `SELECT DISTINCT j.value AS v FROM runs, json_each(runs.tags) AS j WHERE runs.deleted_at IS NULL ORDER BY v`,
      )
      .all() as { v: string }[]
  ).map((r) => r.v);
  const metricKeys = (
    db
      .prepare(
        'SELECT DISTINCT m.key AS v FROM metrics m JOIN runs ON runs.id = m.run_id ' +
          'WHERE runs.deleted_at IS NULL ORDER BY v',
      )
      .all() as { v: string }[]
  ).map((r) => r.v);
  return { targets: column('target'), backends: column('backend'), tags, metricKeys };
}
