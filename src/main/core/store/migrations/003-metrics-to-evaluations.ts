import { STAT_KEYS } from '../../eval/stat-keys';
import type { Db } from '../db';

interface MetricRow {
  run_id: number;
  key: string;
  value: number;
}

interface Legacy {
  stageKind: string;
  variant: string;
  role: 'measured' | 'proposal';
  label: string;
  runtime: string;
  stats: number[];
  images: number;
  latencyMs: number | null;
  latencyWhere: 'host' | null;
  perClass: { id: number; name: string; ap: number; ap50: number }[];
}

/** Unknown stats stay -1, which every view shows as n/a (pycocotools' own "no value"). */
const stats = (map: number, map50 = -1, map75 = -1): number[] => [map, map50, map75, ...Array<number>(9).fill(-1)];

/** The dtype the run's analyse stage used (the metrics never stored it); w8a8 is the stage's default. */
function analyseDtype(configText: string): string {
  return /^\s*(?:-\s+)?dtype:\s*['"]?(w8a8|w8a16|fp16)\b/m.exec(configText)?.[1] ?? 'w8a8';
}

/** rknn-toolkit2 builds fp16 when do_quantization is false, int8 (w8a8) otherwise. */
function rknnVariant(configText: string): string {
  return /do_quantization:\s*false/.test(configText) ? 'fp16' : 'w8a8';
}

function legacyRecords(
  m: Record<string, number>,
  configText: string,
  perClass: (prefix: string) => Legacy['perClass'],
): Legacy[] {
  const out: Legacy[] = [];
  const base = { role: 'measured' as const, latencyMs: null, latencyWhere: null, perClass: [] };
  if (m.map !== undefined)
    out.push({
      ...base,
      stageKind: 'eval',
      variant: 'fp32',
      label: 'eval',
      runtime: 'host-ort',
      stats: STAT_KEYS.map((k) => m[k] ?? -1),
      images: m.images ?? 0,
      latencyMs: m.ms_per_image ?? null,
      latencyWhere: m.ms_per_image !== undefined ? 'host' : null,
      perClass: perClass(''),
    });
  if (m.ap_float !== undefined) {
    const dtype = analyseDtype(configText);
    out.push({
      ...base,
      stageKind: 'analyse',
      variant: 'fp32',
      label: 'float',
      runtime: 'host-ort',
      stats: stats(m.ap_float),
      images: 0,
    });
    if (m.ap_quant !== undefined)
      out.push({
        ...base,
        stageKind: 'analyse',
        variant: dtype,
        label: dtype,
        runtime: 'builtin-sim',
        stats: stats(m.ap_quant),
        images: 0,
      });
    if (m.ap_hybrid !== undefined)
      out.push({
        ...base,
        stageKind: 'analyse',
        variant: 'hybrid',
        role: 'proposal',
        label: `${dtype} + proposal (${m.keep_float ?? '?'} tensors kept)`,
        runtime: 'builtin-sim',
        stats: stats(m.ap_hybrid),
        images: 0,
      });
  }
  if (m['rknn_sim.map'] !== undefined) {
    const variant = rknnVariant(configText);
    out.push({
      ...base,
      stageKind: 'rknn-eval',
      variant,
      label: variant,
      runtime: 'rknn-sim',
      stats: stats(m['rknn_sim.map'], m['rknn_sim.map50']),
      images: m['rknn_sim.images'] ?? 0,
    });
  }
  if (m['board.map'] !== undefined)
    out.push({
      ...base,
      stageKind: 'board-eval',
      variant: 'w8a8',
      label: '.rknn on the board',
      runtime: 'rknn-board',
      stats: stats(m['board.map'], m['board.map50'], m['board.map75']),
      images: m['board.images'] ?? 0,
      perClass: perClass('board.'),
    });
  return out;
}

/**
 * Turns the AP metrics stages wrote before the ledger (`map…`, `ap_float/quant/hybrid`,
 * `rknn_sim.*`, `board.*`) into evaluation records. What the metrics never said is stated, not
 * guessed: source `migrated`, unknown stats -1, and a per-run-and-stage dataset fingerprint so a
 * migrated AP is only compared with the APs measured next to it.
 */
export function migration003(db: Db): void {
  const metrics = db.prepare('SELECT run_id, key, value FROM metrics ORDER BY run_id').all() as MetricRow[];
  const byRun = new Map<number, Record<string, number>>();
  for (const r of metrics) byRun.set(r.run_id, { ...byRun.get(r.run_id), [r.key]: r.value });
  const runInfo = db.prepare('SELECT config_text, created_at, finished_at FROM runs WHERE id = ?');
  const classRows = db.prepare('SELECT class_id, class_name, key, value FROM class_metrics WHERE run_id = ?');
  const insert = db.prepare(
    `INSERT INTO evaluations (run_id, stage_kind, variant, role, label, runtime, dataset, stats, map, map50, per_class,
       images, latency_ms, latency_where, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'migrated', ?)`,
  );
  for (const [runId, m] of byRun) {
    const run = runInfo.get(runId) as { config_text: string; created_at: string; finished_at: string | null };
    const classes = classRows.all(runId) as { class_id: number; class_name: string; key: string; value: number }[];
    const perClass = (prefix: string) => {
      const byId = new Map<number, { id: number; name: string; ap: number; ap50: number }>();
      for (const c of classes) {
        if (c.key !== `${prefix}ap` && c.key !== `${prefix}ap50`) continue;
        const entry = byId.get(c.class_id) ?? { id: c.class_id, name: c.class_name, ap: -1, ap50: -1 };
        entry[c.key === `${prefix}ap` ? 'ap' : 'ap50'] = c.value;
        byId.set(c.class_id, entry);
      }
      return [...byId.values()];
    };
    for (const r of legacyRecords(m, run.config_text, perClass))
      insert.run(
        runId,
        r.stageKind,
        r.variant,
        r.role,
        r.label,
        r.runtime,
        `legacy:run-${runId}:${r.stageKind}`,
        JSON.stringify(r.stats),
        r.stats[0],
        r.stats[1],
        JSON.stringify(r.perClass),
        r.images,
        r.latencyMs,
        r.latencyWhere,
        run.finished_at ?? run.created_at,
      );
  }
}
