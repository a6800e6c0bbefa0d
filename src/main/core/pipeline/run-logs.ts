import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LogLine } from '../../../shared/contract';
import type { Workspace } from '../workspace/workspace';

/** Reads a run's stage logs back as lines; the job runner prefixes stderr with `! ` and workbench notes with `# `. */
export function readRunLog(workspace: Workspace, runId: number, stageIndex?: number, tail = 5000): LogLine[] {
  const lines: LogLine[] = [];
  for (const stage of workspace.stages.list(runId)) {
    if (stageIndex !== undefined && stage.index !== stageIndex) continue;
    const file = stage.logFile ? path.join(workspace.dir, stage.logFile) : null;
    if (!file || !existsSync(file)) continue;
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      if (raw === '') continue;
      if (raw.startsWith('! ')) lines.push({ stageIndex: stage.index, stream: 'stderr', text: raw.slice(2) });
      else if (raw.startsWith('# ')) lines.push({ stageIndex: stage.index, stream: 'info', text: raw.slice(2) });
      else lines.push({ stageIndex: stage.index, stream: 'stdout', text: raw });
    }
  }
  return lines.slice(-tail);
}
