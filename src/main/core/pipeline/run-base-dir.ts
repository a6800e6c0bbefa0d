import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Workspace } from '../workspace/workspace';

/** `<workspace>/work/run-<id>`: side files of a run's stages (lists, vendor outputs, run.json). */
export const runWorkDir = (workspace: Workspace, runId: number): string =>
  path.join(workspace.dir, 'work', `run-${runId}`);

/** Remembers the folder a run's relative paths were resolved against, for resume and export-script. */
export async function recordRunBaseDir(workspace: Workspace, runId: number, baseDir: string): Promise<void> {
  await mkdir(runWorkDir(workspace, runId), { recursive: true });
  await writeFile(path.join(runWorkDir(workspace, runId), 'run.json'), JSON.stringify({ baseDir }));
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
