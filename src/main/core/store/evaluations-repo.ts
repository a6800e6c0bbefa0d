import type {
  EvaluationCurves,
  EvaluationRecord,
  EvaluationRole,
  LatencyWhere,
  PrCurvesData,
  RuntimeKind,
} from '../../../shared/contract';
import { notFound } from '../errors/user-error';
import type { Db } from './database';
import { copyStageRows } from './stage-rows';
import { nowIso } from './time';

/** The columns a child run's copy of a record keeps (besides run_id and stage_index). */
const COPIED_COLUMNS = [
  'stage_kind',
  'model_path',
  'model_sha256',
  'variant',
  'variant_detail',
  'role',
  'label',
  'runtime',
  'runtime_detail',
  'dataset',
  'dataset_name',
  'preprocess',
  'conf',
  'iou',
  'max_det',
  'stats',
  'map',
  'map50',
  'per_class',
  'pr_curves',
  'images',
  'latency_ms',
  'latency_where',
  'source',
  'created_at',
] as const;

/** What a scoring stage hands the ledger; the store adds id, time and source. */
export interface NewEvaluation {
  runId: number;
  stageIndex: number | null;
  stageKind: string;
  modelPath: string | null;
  modelSha256: string | null;
  variant: string;
  variantDetail?: Record<string, unknown>;
  role?: EvaluationRole;
  label: string;
  runtime: RuntimeKind;
  runtimeDetail?: Record<string, unknown>;
  dataset: string;
  datasetName?: string | null;
  preprocess?: Record<string, unknown>;
  conf?: number | null;
  iou?: number | null;
  maxDet?: number | null;
  stats: number[];
  perClass?: EvaluationRecord['perClass'];
  prCurves?: PrCurvesData | null;
  images: number;
  latencyMs?: number | null;
  latencyWhere?: LatencyWhere | null;
}

interface EvaluationRow {
  id: number;
  run_id: number;
  stage_index: number | null;
  stage_kind: string;
  model_path: string | null;
  model_sha256: string | null;
  variant: string;
  variant_detail: string;
  role: EvaluationRole;
  label: string;
  runtime: RuntimeKind;
  runtime_detail: string;
  dataset: string;
  dataset_name: string | null;
  preprocess: string;
  conf: number | null;
  iou: number | null;
  max_det: number | null;
  stats: string;
  map: number;
  map50: number;
  per_class: string;
  images: number;
  latency_ms: number | null;
  latency_where: LatencyWhere | null;
  source: 'measured' | 'migrated';
  created_at: string;
}

const COLUMNS = `id, run_id, stage_index, stage_kind, model_path, model_sha256, variant, variant_detail, role, label,
  runtime, runtime_detail, dataset, dataset_name, preprocess, conf, iou, max_det, stats, map, map50, per_class,
  images, latency_ms, latency_where, source, created_at`;

const toRecord = (r: EvaluationRow): EvaluationRecord => ({
  id: r.id,
  runId: r.run_id,
  stageIndex: r.stage_index,
  stageKind: r.stage_kind,
  modelPath: r.model_path,
  modelSha256: r.model_sha256,
  variant: r.variant,
  variantDetail: JSON.parse(r.variant_detail) as Record<string, unknown>,
  role: r.role,
  label: r.label,
  runtime: r.runtime,
  runtimeDetail: JSON.parse(r.runtime_detail) as Record<string, unknown>,
  dataset: r.dataset,
  datasetName: r.dataset_name,
  preprocess: JSON.parse(r.preprocess) as Record<string, unknown>,
  conf: r.conf,
  iou: r.iou,
  maxDet: r.max_det,
  stats: JSON.parse(r.stats) as number[],
  map: r.map,
  map50: r.map50,
  perClass: JSON.parse(r.per_class) as EvaluationRecord['perClass'],
  images: r.images,
  latencyMs: r.latency_ms,
  latencyWhere: r.latency_where,
  source: r.source,
  createdAt: r.created_at,
});

/** The AP ledger: every AP the workbench measures, one immutable row each. */
export class EvaluationsRepo {
  constructor(private readonly db: Db) {}

  add(e: NewEvaluation): EvaluationRecord {
    if (e.stats.length !== 12)
      throw new Error(`An evaluation needs the 12 COCO summary stats, got ${e.stats.length} (run ${e.runId}).`);
    if (!e.stats.every(Number.isFinite)) throw new Error(`Evaluation stats of run ${e.runId} are not all finite.`);
    const info = this.db
      .prepare(
        `INSERT INTO evaluations (run_id, stage_index, stage_kind, model_path, model_sha256, variant, variant_detail,
           role, label, runtime, runtime_detail, dataset, dataset_name, preprocess, conf, iou, max_det, stats,
           map, map50,
           per_class, pr_curves, images, latency_ms, latency_where, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.runId,
        e.stageIndex,
        e.stageKind,
        e.modelPath,
        e.modelSha256,
        e.variant,
        JSON.stringify(e.variantDetail ?? {}),
        e.role ?? 'measured',
        e.label,
        e.runtime,
        JSON.stringify(e.runtimeDetail ?? {}),
        e.dataset,
        e.datasetName ?? null,
        JSON.stringify(e.preprocess ?? {}),
        e.conf ?? null,
        e.iou ?? null,
        e.maxDet ?? null,
        JSON.stringify(e.stats),
        e.stats[0],
        e.stats[1],
        JSON.stringify(e.perClass ?? []),
        e.prCurves ? JSON.stringify(e.prCurves) : null,
        e.images,
        e.latencyMs ?? null,
        e.latencyWhere ?? null,
        nowIso(),
      );
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): EvaluationRecord {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM evaluations WHERE id = ?`).get(id) as EvaluationRow | undefined;
    if (!row) throw notFound(`Evaluation ${id}`, 'List a run’s evaluations with `npu-workbench runs compare ID`.');
    return toRecord(row);
  }

  /** Records of the runs, in run order then measurement order; candidates only when asked. */
  list(runIds: readonly number[], opts: { includeCandidates?: boolean } = {}): EvaluationRecord[] {
    if (runIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM evaluations WHERE run_id IN (SELECT value FROM json_each(?))
         ${opts.includeCandidates ? '' : "AND role != 'candidate'"} ORDER BY id`,
      )
      .all(JSON.stringify(runIds)) as EvaluationRow[];
    const order = new Map(runIds.map((id, i) => [id, i]));
    return rows.map(toRecord).sort((a, b) => order.get(a.runId)! - order.get(b.runId)! || a.id - b.id);
  }

  curves(id: number): EvaluationCurves {
    const row = this.db.prepare('SELECT per_class, pr_curves FROM evaluations WHERE id = ?').get(id) as
      { per_class: string; pr_curves: string | null } | undefined;
    if (!row) throw notFound(`Evaluation ${id}`, 'List a run’s evaluations with `npu-workbench runs compare ID`.');
    return {
      evaluationId: id,
      perClass: JSON.parse(row.per_class) as EvaluationCurves['perClass'],
      prCurves: row.pr_curves ? (JSON.parse(row.pr_curves) as PrCurvesData) : null,
    };
  }

  /** Records of a run copied to a child run (resume/rerun keep what the parent measured before the restart point). */
  copyToRun(fromRunId: number, toRunId: number, beforeStage: number): void {
    copyStageRows(this.db, 'evaluations', COPIED_COLUMNS, { fromRunId, toRunId, beforeStage });
  }
}
