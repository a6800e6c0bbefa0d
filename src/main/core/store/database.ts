import Database from 'better-sqlite3';
import type { Db } from './db';
import { migrations } from './migrations';

export type { Db } from './db';

/**
 * Opens the workspace DB (WAL, foreign keys) and applies pending numbered migrations. Several processes may open
 * a fresh workspace at once (the app, `serve`, a scripted `run` burst): the busy timeout is set before anything
 * else, and the version is read inside the same BEGIN IMMEDIATE transaction that migrates, so exactly one process
 * migrates and the others wait, then find the schema current.
 */
export function openDatabase(file: string): Db {
  // SQLite answers some first-open races without calling the busy handler (switching a fresh file to WAL, WAL
  // recovery by another process), so a locked open is retried until the same deadline the busy timeout gives.
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return openOnce(file);
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      sleepSync(Math.min(200, 10 * attempt) + Math.random() * 20);
    }
  }
}

function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function openOnce(file: string): Db {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

const BUSY_TIMEOUT_MS = 15_000;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  if (schemaVersion(db) === migrations.length) return; // the common case takes no write lock
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new Error(
        `The workspace database was written by a newer NPU Workbench (schema ${current}, this build knows ` +
          `${migrations.length}). Update the app or open another workspace.`,
      );
    }
    for (let version = current + 1; version <= migrations.length; version++) {
      const migration = migrations[version - 1]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version}`);
    }
  }).immediate();
}

export function integrityCheck(db: Db): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}
