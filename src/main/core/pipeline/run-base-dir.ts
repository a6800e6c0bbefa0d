import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../workspace/workspace';

/** `<workspace>/work/run-<id>`: side files of a run's stages (lists, vendor outputs, run.json). */
export const runWorkDir = (workspace: Workspace, runId: number): string =>
  path.join(workspace.dir, 'work', `run-${runId}`);

/** Remembers the folder a run's relative paths were resolved against, for resume and export-script. */
export function recordRunBaseDir(workspace: Workspace, runId: number, baseDir: string): void {
  mkdirSync(runWorkDir(workspace, runId), { recursive: true });
  writeFileSync(path.join(runWorkDir(workspace, runId), 'run.json'), JSON.stringify({ baseDir }));
}

export function recordedBaseDir(workspace: Workspace, runId: number): string | undefined {
  const file = path.join(runWorkDir(workspace, runId), 'run.json');
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { baseDir?: string }).baseDir;
  } catch {
    return undefined;
  }
}
