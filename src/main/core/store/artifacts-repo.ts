import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, rmSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Artifact } from '../../../shared/contract';
import type { Db } from './database';
import { copyStageRows, RUNNING_STAGE } from './stage-rows';
import { nowIso } from './time';

interface ArtifactRow {
  id: number;
  run_id: number;
  kind: string;
  path: string;
  sha256: string;
  bytes: number;
  created_at: string;
}

const toArtifact = (r: ArtifactRow): Artifact => ({
  id: r.id,
  runId: r.run_id,
  kind: r.kind,
  path: r.path,
  sha256: r.sha256,
  bytes: r.bytes,
  createdAt: r.created_at,
});

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Artifact files live in `<workspace>/artifacts/run-<id>/`. They are written to a temp name in the
 * same folder and renamed, so a crash never leaves a half-written file under the final name.
 */
export class ArtifactsRepo {
  constructor(
    private readonly db: Db,
    private readonly artifactsDir: string,
  ) {}

  runDir(runId: number): string {
    return path.join(this.artifactsDir, `run-${runId}`);
  }

  async write(runId: number, kind: string, fileName: string, data: string | Uint8Array): Promise<Artifact> {
    return this.place(runId, kind, fileName, (tmp) => writeFile(tmp, data));
  }

  /** Copies an existing file (e.g. a converted model) into the run's folder. */
  async importFile(runId: number, kind: string, source: string, fileName = path.basename(source)): Promise<Artifact> {
    return this.place(runId, kind, fileName, (tmp) => copyFile(source, tmp));
  }

  /**
   * Deletes temp files a killed writer left (`.<name>.<pid>-<rand>.tmp`, often megabytes). A temp whose writer
   * is still alive is kept; one without a PID (older builds) is kept only while its run is open.
   */
  removeStaleTemps(openRunIds: ReadonlySet<number>, isAlive: (pid: number) => boolean): string[] {
    const removed: string[] = [];
    let runDirs: string[];
    try {
      runDirs = readdirSync(this.artifactsDir).filter((d) => /^run-\d+$/.test(d));
    } catch {
      return removed;
    }
    for (const runDir of runDirs) {
      const dir = path.join(this.artifactsDir, runDir);
      for (const name of readdirSync(dir)) {
        if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
        const pid = /\.(\d+)-[0-9a-f]+\.tmp$/.exec(name)?.[1];
        const keep = pid ? isAlive(Number(pid)) : openRunIds.has(Number(runDir.slice(4)));
        if (keep) continue;
        rmSync(path.join(dir, name), { force: true });
        removed.push(path.join(dir, name));
      }
    }
    return removed;
  }

  list(runId: number): Artifact[] {
    return (this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId) as ArtifactRow[]).map(
      toArtifact,
    );
  }

  /** A child run reuses the files its kept stages (before `beforeStage`) stored, by reference: never rewritten. */
  copyToRun(fromRunId: number, toRunId: number, beforeStage: number): void {
    copyStageRows(this.db, 'artifacts', ['kind', 'path', 'sha256', 'bytes', 'created_at'], {
      fromRunId,
      toRunId,
      beforeStage,
    });
  }

  private async place(
    runId: number,
    kind: string,
    fileName: string,
    fill: (tmp: string) => Promise<void>,
  ): Promise<Artifact> {
    if (fileName !== path.basename(fileName) || fileName.startsWith('.'))
      throw new Error(`Artifact name "${fileName}" must be a plain file name.`);
    const dir = this.runDir(runId);
    await mkdir(dir, { recursive: true });
    const finalPath = path.join(dir, fileName);
    const tmp = path.join(dir, `.${fileName}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fill(tmp);
      const [sha256, info] = await Promise.all([sha256File(tmp), stat(tmp)]);
      await rename(tmp, finalPath);
      const rel = path.relative(path.dirname(this.artifactsDir), finalPath);
      const info2 = this.db
        .prepare(
          `INSERT INTO artifacts (run_id, stage_index, kind, path, sha256, bytes, created_at)
           VALUES (?, ${RUNNING_STAGE}, ?, ?, ?, ?, ?)`,
        )
        .run(runId, runId, kind, rel, sha256, info.size, nowIso());
      return toArtifact(
        this.db.prepare('SELECT * FROM artifacts WHERE id = ?').get(info2.lastInsertRowid) as ArtifactRow,
      );
    } finally {
      await rm(tmp, { force: true });
    }
  }
}
