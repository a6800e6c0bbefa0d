import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { LogLine } from '../../../shared/contract';
import type { Workspace } from '../workspace/workspace';

// A stage log file holds one line per logged line: stderr prefixed `! `, workbench notes `# `, stdout
// as is. A line's `seq` is its index among the file's non-empty lines, the same whether it comes from
// the file or from a run:log event, so a live view can merge the stored tail with streamed lines
// without losing or repeating any.
const PREFIX = { stderr: '! ', info: '# ', stdout: '' } as const;

function parseStageLog(text: string, stageIndex: number): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    const seq = lines.length;
    const stream = raw.startsWith(PREFIX.stderr) ? 'stderr' : raw.startsWith(PREFIX.info) ? 'info' : 'stdout';
    lines.push({ stageIndex, seq, stream, text: raw.slice(PREFIX[stream].length) });
  }
  return lines;
}

/** Reads a run's stage logs back as lines (the last `tail`). */
export function readRunLog(workspace: Workspace, runId: number, stageIndex?: number, tail = 5000): LogLine[] {
  const lines: LogLine[] = [];
  for (const stage of workspace.stages.list(runId)) {
    if (stageIndex !== undefined && stage.index !== stageIndex) continue;
    const file = stage.logFile ? path.join(workspace.dir, stage.logFile) : null;
    if (!file || !existsSync(file)) continue;
    lines.push(...parseStageLog(readFileSync(file, 'utf8'), stage.index));
  }
  return lines.slice(-tail);
}

/** The log file of one stage being run; a re-run appends, numbering on from the lines already there. */
export class StageLogWriter {
  private readonly out: WriteStream;
  private seq: number;

  constructor(
    file: string,
    private readonly stageIndex: number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.seq = existsSync(file) ? parseStageLog(readFileSync(file, 'utf8'), stageIndex).length : 0;
    this.out = createWriteStream(file, { flags: 'a' });
  }

  /**
   * Appends `text` (split at newlines; empty stdout lines are dropped, as reading drops them) and returns the lines as
   * stored.
   */
  write(text: string, stream: LogLine['stream']): LogLine[] {
    const written: LogLine[] = [];
    for (const piece of text.split(/\r?\n/)) {
      const raw = `${PREFIX[stream]}${piece}`;
      if (raw === '') continue;
      this.out.write(`${raw}\n`);
      written.push({ stageIndex: this.stageIndex, seq: this.seq++, stream, text: piece });
    }
    return written;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
