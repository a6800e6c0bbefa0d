import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempWorkspace } from '../../../../test/support/temp-workspace';
import { STAT_KEYS } from '../eval/stat-keys';
import { openDatabase, schemaVersion } from './database';
import type { NewEvaluation } from './evaluations-repo';
import { migration001 } from './migrations/001-initial';
import { migrations } from './migrations';

let ws: ReturnType<typeof tempWorkspace>;
afterEach(() => ws?.cleanup());

const stats = (map: number) => [map, map + 0.2, map + 0.05, -1, map, map, 0.3, 0.4, 0.5, -1, 0.5, 0.5];

function record(runId: number, extra: Partial<NewEvaluation> = {}): NewEvaluation {
  return {
    runId,
    stageIndex: 1,
    stageKind: 'eval',
    modelPath: '/m/model.onnx',
    modelSha256: 'ab'.repeat(32),
    variant: 'fp32',
    label: 'fp32',
    runtime: 'host-ort',
    dataset: '200-0123456789abcdef',
    stats: stats(0.4),
    images: 200,
    ...extra,
  };
}

describe('evaluations repository (the AP ledger)', () => {
  it('stores every field of a record and reads it back; PR curves only through curves()', () => {
    ws = tempWorkspace();
    const run = ws.runs.create({ name: 'r', target: 'host', backend: 'sim', configText: 'name: r\n' });
    const prCurves = { recall: [0, 1], iouThresholds: [0.5], classes: [{ id: 0, name: 'a', precision: [[1, 0.5]] }] };
    const added = ws.evaluations.add(
      record(run.id, {
        variant: 'hybrid',
        variantDetail: { keepFloat: ['output0'], precision: 'float16' },
        role: 'proposal',
        runtime: 'rknn-board',
        runtimeDetail: { serial: 'abc', soc: 'rk3588' },
        preprocess: { preset: 'rknn-model-zoo', imgsz: '640x640' },
        conf: 0.001,
        iou: 0.7,
        maxDet: 300,
        perClass: [{ id: 0, name: 'a', ap: 0.3, ap50: -1 }],
        prCurves,
        latencyMs: 12.5,
        latencyWhere: 'board',
      }),
    );
    expect(added).toMatchObject({
      runId: run.id,
      variant: 'hybrid',
      variantDetail: { keepFloat: ['output0'] },
      role: 'proposal',
      runtime: 'rknn-board',
      runtimeDetail: { serial: 'abc', soc: 'rk3588' },
      map: 0.4,
      map50: stats(0.4)[1],
      stats: stats(0.4),
      perClass: [{ id: 0, name: 'a', ap: 0.3, ap50: -1 }],
      latencyMs: 12.5,
      latencyWhere: 'board',
      maxDet: 300,
      source: 'measured',
    });
    expect(ws.evaluations.curves(added.id)).toEqual({ evaluationId: added.id, perClass: added.perClass, prCurves });
    expect(() => ws.evaluations.curves(999)).toThrow(/Evaluation 999 was not found/);
  });

  it('refuses a record without the 12 stats or with a non-finite one', () => {
    ws = tempWorkspace();
    const run = ws.runs.create({ name: 'r', target: 'host', backend: 'sim', configText: 'name: r\n' });
    expect(() => ws.evaluations.add(record(run.id, { stats: [0.1, 0.2] }))).toThrow(/12 COCO summary stats, got 2/);
    expect(() => ws.evaluations.add(record(run.id, { stats: [NaN, ...stats(0.1).slice(1)] }))).toThrow(/finite/);
    expect(ws.evaluations.list([run.id])).toEqual([]);
  });

  it('lists records in the order of the run ids given, candidates only on request', () => {
    ws = tempWorkspace();
    const a = ws.runs.create({ name: 'a', target: 'host', backend: 'sim', configText: 'name: a\n' });
    const b = ws.runs.create({ name: 'b', target: 'host', backend: 'sim', configText: 'name: b\n' });
    ws.evaluations.add(record(a.id));
    ws.evaluations.add(record(b.id, { variant: 'w8a8', label: 'w8a8', runtime: 'builtin-sim' }));
    ws.evaluations.add(record(b.id, { variant: 'hybrid', label: 'cand', role: 'candidate', runtime: 'builtin-sim' }));
    expect(ws.evaluations.list([b.id, a.id]).map((r) => [r.runId, r.variant])).toEqual([
      [b.id, 'w8a8'],
      [a.id, 'fp32'],
    ]);
    expect(ws.evaluations.list([b.id], { includeCandidates: true })).toHaveLength(2);
  });

  it('copies what a parent measured before a stage into a child run', () => {
    ws = tempWorkspace();
    const parent = ws.runs.create({ name: 'p', target: 'host', backend: 'sim', configText: 'name: p\n' });
    const child = ws.runs.create({
      name: 'p',
      target: 'host',
      backend: 'sim',
      configText: 'name: p\n',
      parentRunId: 1,
    });
    ws.evaluations.add(record(parent.id, { stageIndex: 0 }));
    ws.evaluations.add(record(parent.id, { stageIndex: 2, variant: 'w8a8', runtime: 'builtin-sim' }));
    ws.evaluations.copyToRun(parent.id, child.id, 2);
    expect(ws.evaluations.list([child.id]).map((r) => [r.stageIndex, r.variant])).toEqual([[0, 'fp32']]);
    expect(ws.evaluations.list([parent.id])).toHaveLength(2);
  });

  it('deleting a run (purge) removes its records', () => {
    ws = tempWorkspace();
    const run = ws.runs.create({ name: 'r', target: 'host', backend: 'sim', configText: 'name: r\n' });
    ws.evaluations.add(record(run.id));
    ws.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    expect(ws.evaluations.list([run.id])).toEqual([]);
  });
});

describe('migration 003: metrics stored before the ledger become records', () => {
  it('turns eval, analyse, rknn simulator and board metrics into records with variant and runtime', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    old.exec(migration001);
    old.pragma('user_version = 1');
    const insertRun = old.prepare(
      'INSERT INTO runs (name, target, backend, config_text, status, created_at, finished_at) ' +
        "VALUES (?, 'rk3588', 'rknn', ?, 'succeeded', '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z')",
    );
    insertRun.run('eval run', 'name: eval run\nstages:\n  - kind: eval\n');
    insertRun.run('analyse run', 'name: a\nstages:\n  - kind: analyse\n    dtype: w8a16\n');
    insertRun.run('rknn run', 'name: k\nstages:\n  - kind: rknn-eval\n    build:\n      do_quantization: false\n');
    insertRun.run('board run', 'name: b\n');
    insertRun.run('no AP', 'name: n\n');
    const metric = old.prepare('INSERT INTO metrics (run_id, key, value) VALUES (?, ?, ?)');
    const evalStats = [0.45, 0.7, 0.5, -1, 0.3, 0.5, 0.3, 0.5, 0.55, -1, 0.4, 0.6];
    STAT_KEYS.forEach((k, i) => metric.run(1, k, evalStats[i]));
    metric.run(1, 'images', 200);
    metric.run(1, 'ms_per_image', 3.5);
    const cls = old.prepare(
      'INSERT INTO class_metrics (run_id, class_id, class_name, key, value) VALUES (?, ?, ?, ?, ?)',
    );
    cls.run(1, 0, 'circle', 'ap', 0.5);
    cls.run(1, 0, 'circle', 'ap50', 0.8);
    cls.run(1, 0, 'circle', 'ar100', 0.6);
    metric.run(2, 'ap_float', 0.446);
    metric.run(2, 'ap_quant', 0.4435);
    metric.run(2, 'ap_hybrid', 0.445);
    metric.run(2, 'keep_float', 2);
    metric.run(3, 'rknn_sim.map', 0.44);
    metric.run(3, 'rknn_sim.map50', 0.69);
    metric.run(3, 'rknn_sim.images', 50);
    metric.run(4, 'board.map', 0.41);
    metric.run(4, 'board.map50', 0.66);
    metric.run(4, 'board.map75', 0.42);
    metric.run(4, 'board.images', 20);
    cls.run(4, 1, 'square', 'board.ap', 0.4);
    cls.run(4, 1, 'square', 'board.ap50', 0.65);
    metric.run(5, 'steps', 2);
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const rows = db
      .prepare(
        'SELECT run_id, stage_kind, variant, role, runtime, map, map50, stats, per_class, images, ' +
          'latency_ms, latency_where, dataset, source FROM evaluations ORDER BY id',
      )
      .all() as Record<string, unknown>[];
    db.close();
    const brief = rows.map((r) => [r.run_id, r.stage_kind, r.variant, r.role, r.runtime, r.map]);
    expect(brief).toEqual([
      [1, 'eval', 'fp32', 'measured', 'host-ort', 0.45],
      [2, 'analyse', 'fp32', 'measured', 'host-ort', 0.446],
      [2, 'analyse', 'w8a16', 'measured', 'builtin-sim', 0.4435],
      [2, 'analyse', 'hybrid', 'proposal', 'builtin-sim', 0.445],
      [3, 'rknn-eval', 'fp16', 'measured', 'rknn-sim', 0.44],
      [4, 'board-eval', 'w8a8', 'measured', 'rknn-board', 0.41],
    ]);
    expect(rows.every((r) => r.source === 'migrated')).toBe(true);
    expect(JSON.parse(rows[0].stats as string)).toEqual(evalStats);
    expect(rows[0]).toMatchObject({ images: 200, latency_ms: 3.5, latency_where: 'host', map50: 0.7 });
    expect(JSON.parse(rows[0].per_class as string)).toEqual([{ id: 0, name: 'circle', ap: 0.5, ap50: 0.8 }]);
    // What the old metrics never said stays -1 (n/a), not invented.
    expect(JSON.parse(rows[1].stats as string)).toEqual([0.446, ...Array(11).fill(-1)]);
    expect(JSON.parse(rows[5].stats as string).slice(0, 3)).toEqual([0.41, 0.66, 0.42]);
    expect(JSON.parse(rows[5].per_class as string)).toEqual([{ id: 1, name: 'square', ap: 0.4, ap50: 0.65 }]);
    // Float and quant of one analyse share a fingerprint; the eval stage's images may differ, so it gets its own.
    expect(rows[1].dataset).toBe(rows[2].dataset);
    expect(rows[0].dataset).not.toBe(rows[1].dataset);
  });
});
