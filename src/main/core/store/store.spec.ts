import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempWorkspace } from '../../../../test/support/temp-workspace';
import { openWorkspace } from '../workspace/workspace';
import { integrityCheck, openDatabase, schemaVersion } from './database';
import { migrations } from './migrations';

let ws: ReturnType<typeof tempWorkspace>;
afterEach(() => ws?.cleanup());

const newRun = (name: string, extra: Partial<Parameters<typeof ws.runs.create>[0]> = {}) =>
  ws.runs.create({ name, target: 'rk3588', backend: 'rknn', configText: `name: ${name}\nstages: []\n`, ...extra });

describe('database', () => {
  it('opens in WAL mode with foreign keys and applies every migration once', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
    const again = openDatabase(path.join(dir, 'a.db'));
    expect(schemaVersion(again)).toBe(migrations.length);
    expect(integrityCheck(again)).toBe('ok');
    again.close();
  });

  it('refuses a database from a newer schema without touching it', () => {
    const file = path.join(tempDir(), 'future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer NPU Workbench/);
  });
});

describe('runs repository', () => {
  it('creates, lists with filters, updates, soft-deletes and restores runs', () => {
    ws = tempWorkspace();
    const a = newRun('yolov8n int8', { tags: ['baseline'] });
    const b = newRun('yolov8n hybrid', { backend: 'sim', parentRunId: a.id });
    newRun('other', { target: 'rk3568' });
    expect(ws.runs.list().total).toBe(3);
    expect(ws.runs.list({ target: 'rk3568' }).rows.map((r) => r.name)).toEqual(['other']);
    expect(ws.runs.list({ backend: 'sim' }).rows[0].parentRunId).toBe(a.id);
    expect(ws.runs.list({ tag: 'baseline' }).rows.map((r) => r.id)).toEqual([a.id]);
    expect(ws.runs.list({ text: 'hybrid' }).rows.map((r) => r.id)).toEqual([b.id]);
    expect(ws.runs.list({ text: '100%_' }).total).toBe(0);
    ws.runs.update(a.id, { name: 'renamed', tags: ['x', 'x', 'y'], archived: true });
    expect(ws.runs.list().total).toBe(2);
    expect(ws.runs.list({ includeArchived: true }).rows.find((r) => r.id === a.id)).toMatchObject({
      name: 'renamed',
      tags: ['x', 'y'],
      archived: true,
    });
    ws.runs.setStatus(b.id, 'failed', 'boom');
    ws.runs.softDelete(b.id);
    expect(() => ws.runs.get(b.id)).toThrow(/deleted/);
    expect(ws.runs.restore(b.id)).toMatchObject({ id: b.id, status: 'failed', error: 'boom' });
  });

  it('will not delete a running run and reports unknown ids clearly', () => {
    ws = tempWorkspace();
    const r = newRun('busy');
    ws.runs.setStatus(r.id, 'running');
    expect(() => ws.runs.softDelete(r.id)).toThrow(/Run \d+ is running/);
    expect(() => ws.runs.get(999)).toThrow(/Run 999 was not found/);
    expect(() => newRun('orphan', { parentRunId: 4242 })).toThrow(/Run 4242 was not found/);
  });

  it('stores metrics, class metrics and layer errors with the run and cascades on hard delete', () => {
    ws = tempWorkspace();
    const r = newRun('m');
    ws.metrics.set(r.id, { map: 0.41, map50: 0.6 });
    ws.metrics.set(r.id, { map: 0.42 });
    expect(ws.runs.get(r.id).metrics).toEqual({ map: 0.42, map50: 0.6 });
    expect(() => ws.metrics.set(r.id, { bad: Number.NaN })).toThrow(/not a finite number/);
    ws.metrics.setClassMetrics(r.id, [{ classId: 0, className: 'circle', key: 'ap', value: 0.5 }]);
    expect(ws.metrics.getClassMetrics(r.id)).toEqual([{ classId: 0, className: 'circle', key: 'ap', value: 0.5 }]);
    const row = {
      tensor: 'cls_sigmoid',
      opType: 'Sigmoid',
      onnxNode: '/head/Sigmoid',
      cosEntire: 0.97,
      cosSingle: 0.99,
      eucEntire: 3.1,
      eucSingle: 1.2,
      sqnr: 18.5,
    };
    ws.layerErrors.replace(r.id, 'sim', [row, { ...row, tensor: 'mul_strides' }]);
    ws.layerErrors.replace(r.id, 'board', [row]);
    expect(ws.layerErrors.list(r.id, 'sim').map((e) => [e.seq, e.tensor])).toEqual([
      [0, 'cls_sigmoid'],
      [1, 'mul_strides'],
    ]);
    expect(ws.layerErrors.list(r.id)).toHaveLength(3);
    ws.db.prepare('DELETE FROM runs WHERE id = ?').run(r.id);
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM layer_errors').get()).toEqual({ n: 0 });
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM metrics').get()).toEqual({ n: 0 });
  });

  it('writes artifacts through a temp name, with sha256 and size, and rejects path tricks', async () => {
    ws = tempWorkspace();
    const r = newRun('a');
    const art = await ws.artifacts.write(r.id, 'detections', 'dets.json', '[1,2,3]');
    expect(art).toMatchObject({
      kind: 'detections',
      bytes: 7,
      sha256: 'a615eeaee21de5179de080de8c3052c8da901138406ba71c38c032845f7d54f4',
    });
    expect(readFileSync(path.join(ws.dir, art.path), 'utf8')).toBe('[1,2,3]');
    expect(readdirSync(ws.artifacts.runDir(r.id))).toEqual(['dets.json']);
    await expect(ws.artifacts.write(r.id, 'x', '../escape.txt', 'no')).rejects.toThrow(/plain file name/);
    expect(existsSync(path.join(ws.dir, 'artifacts', 'escape.txt'))).toBe(false);
    expect(ws.artifacts.list(r.id)).toHaveLength(1);
  });

  it('marks runs of dead processes interrupted at open, but leaves runs owned by a live process alone', () => {
    const dir = tempDir();
    const first = openWorkspace(dir);
    const dead = first.runs.create({ name: 'dead', target: 't', backend: 'sim', configText: 'x' });
    const alive = first.runs.create({ name: 'alive', target: 't', backend: 'sim', configText: 'x' });
    first.stages.replaceAll(dead.id, [{ kind: 'eval', logFile: 'l' }]);
    first.stages.setStatus(dead.id, 0, 'running');
    first.runs.setStatus(dead.id, 'running');
    first.runs.claim(dead.id, 2 ** 22 + 12345);
    first.runs.setStatus(alive.id, 'running');
    first.runs.claim(alive.id, process.ppid);
    first.close();
    const second = openWorkspace(dir);
    expect(second.recoveredRunIds).toEqual([dead.id]);
    expect(second.runs.get(dead.id)).toMatchObject({ status: 'interrupted' });
    expect(second.runs.get(dead.id).finishedAt).not.toBeNull();
    expect(second.stages.list(dead.id)[0].status).toBe('interrupted');
    expect(second.runs.get(alive.id).status).toBe('running');
    second.close();
  });

  it('keeps run listing on indexes, so 10,000 runs stay fast', () => {
    ws = tempWorkspace();
    const insert = ws.db.prepare(
      'INSERT INTO runs (name, target, backend, config_text, status, created_at) ' +
        "VALUES (?, 'rk3588', 'rknn', '', 'succeeded', ?)",
    );
    ws.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) insert.run(`run ${i}`, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString());
    })();
    const page = ws.runs.list({ limit: 50 });
    expect(page.total).toBe(10_000);
    expect(page.rows[0].name).toBe('run 9999');
    const plan = ws.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM runs WHERE deleted_at IS NULL AND archived = 0 ' +
          'ORDER BY created_at DESC, id DESC LIMIT 50',
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX runs_created/);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('settings repository', () => {
  it('returns defaults, merges updates and rejects invalid values', () => {
    ws = tempWorkspace();
    expect(ws.settings.get().adbServerPort).toBe(5037);
    ws.settings.update({ pythonPath: '/usr/bin/python3', threads: 2, vendorRuntimeDirs: ['/opt/rknpu2'] });
    expect(ws.settings.get()).toMatchObject({
      pythonPath: '/usr/bin/python3',
      threads: 2,
      vendorRuntimeDirs: ['/opt/rknpu2'],
      theme: 'system',
    });
    expect(() => ws.settings.update({ adbServerPort: 70000 })).toThrow();
    expect(() => ws.settings.update({ nope: 1 } as never)).toThrow();
    expect(ws.settings.get().adbServerPort).toBe(5037);
  });
});
