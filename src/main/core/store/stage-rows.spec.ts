import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { openDatabase } from './database';
import { migrations } from './migrations';

describe('migration 004: what each stage produced', () => {
  it('attributes existing artifacts to the stage whose time window holds them; others stay the run’s own', () => {
    const file = path.join(tempDir(), 'v3.db');
    const old = new Database(file);
    migrations.slice(0, 3).forEach((m) => (typeof m === 'string' ? old.exec(m) : m(old)));
    old.pragma('user_version = 3');
    old
      .prepare(
        "INSERT INTO runs (name, target, backend, config_text, status, created_at) VALUES ('r', 'host', 'sim', " +
          "'name: r', 'succeeded', '2026-01-01T00:00:00.000Z')",
      )
      .run();
    const stage = old.prepare(
      "INSERT INTO stages (run_id, idx, kind, status, started_at, finished_at) VALUES (1, ?, ?, 'succeeded', ?, ?)",
    );
    stage.run(0, 'eval', '2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z');
    stage.run(1, 'analyse', '2026-01-01T00:02:00.000Z', '2026-01-01T00:05:00.000Z');
    const artifact = old.prepare(
      "INSERT INTO artifacts (run_id, kind, path, sha256, bytes, created_at) VALUES (1, ?, 'a', 'x', 1, ?)",
    );
    artifact.run('pr-curves', '2026-01-01T00:01:30.000Z');
    artifact.run('qdq-model', '2026-01-01T00:04:00.000Z');
    artifact.run('attached', '2026-01-01T00:09:00.000Z');
    old.close();
    const db = openDatabase(file);
    const rows = db.prepare('SELECT kind, stage_index FROM artifacts ORDER BY id').all();
    const identities = db.prepare('SELECT identity FROM stages').all();
    db.close();
    expect(rows).toEqual([
      { kind: 'pr-curves', stage_index: 0 },
      { kind: 'qdq-model', stage_index: 1 },
      { kind: 'attached', stage_index: null },
    ]);
    expect(identities).toEqual([{ identity: null }, { identity: null }]);
  });
});
