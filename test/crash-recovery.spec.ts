import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/main/core/workspace/workspace';
import { spawnCli } from './support/run-cli';
import { fixtureDriver, SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

describe('a workbench process killed mid-run', () => {
  it('leaves a sound database and the run marked interrupted at the next open', async () => {
    const ws = tempDir();
    const file = path.join(tempDir(), 'long.yaml');
    writeFileSync(
      file,
      `name: long\nstages:\n  - kind: python-script\n    script: ${fixtureDriver('counting_driver.py')}\n    args: { steps: 400, delay: 0.05 }\n  - kind: env-snapshot\n`,
    );
    const child = spawnCli(['run', file, '--workspace', ws], { NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON });
    const dbFile = path.join(ws, 'workbench.db');
    await waitFor(() => {
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        const row = db.prepare(`SELECT progress_done FROM stages WHERE idx = 0`).get() as
          { progress_done: number } | undefined;
        db.close();
        return (row?.progress_done ?? 0) >= 5;
      } catch {
        return false;
      }
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const reopened = openWorkspace(ws);
    try {
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(reopened.recoveredRunIds).toEqual([1]);
      const run = reopened.runs.get(1);
      expect(run.status).toBe('interrupted');
      expect(run.error).toMatch(/stopped while this run was in progress/);
      expect(reopened.stages.list(1).map((s) => s.status)).toEqual(['interrupted', 'pending']);
    } finally {
      reopened.close();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
