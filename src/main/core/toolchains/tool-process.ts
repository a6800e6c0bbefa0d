import path from 'node:path';
import { execa } from 'execa';
import type { ToolRun } from './backend';
import { superviseGroup } from './process-group';
import { DriverError } from './python-driver';

const TAIL = 30;

export interface ToolOutcome {
  exitCode: number;
  /** All output lines, stdout and stderr interleaved as they arrived. */
  lines: string[];
}

/**
 * Runs a vendor CLI (atc, trtexec) with an argument array — never a shell — streaming its lines to
 * the log. It leads its own process group, so cancel and timeout also stop whatever it started. A
 * non-zero exit, a signal, a timeout or a missing executable become a DriverError with the last lines.
 */
export async function runTool(
  file: string,
  args: string[],
  run: Omit<ToolRun, 'python'> & { cwd?: string; hint?: string; okExitCodes?: number[] },
): Promise<ToolOutcome> {
  const lines: string[] = [];
  const child = execa(file, args, {
    cwd: run.cwd,
    env: run.env,
    detached: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    encoding: 'utf8',
  });
  const supervisor = superviseGroup(child, run.signal, run.timeoutMs);
  const consume = async (from: 'stdout' | 'stderr'): Promise<void> => {
    for await (const line of child.iterable({ from })) {
      const text = String(line);
      if (!text.trim()) continue;
      lines.push(text);
      run.onLog?.(text, from);
    }
  };
  const name = path.basename(file);
  try {
    const [outcome] = await Promise.all([
      child,
      consume('stdout').catch(() => undefined),
      consume('stderr').catch(() => undefined),
    ]);
    const tail = lines.slice(-TAIL);
    if (supervisor.cancelled) throw new DriverError(`${name} was cancelled`, undefined, tail, true);
    if (supervisor.timedOut)
      throw new DriverError(
        `${name} did not finish within ${Math.round((run.timeoutMs ?? 0) / 1000)} s`,
        'Raise the stage timeout, or check the log for a hang.',
        tail,
      );
    if (outcome.failed && outcome.code === 'ENOENT') {
      throw new DriverError(
        `${name} was not found (${file})`,
        run.hint ?? `Install the toolchain and put ${name} on PATH, or set the stage's executable: option.`,
        tail,
      );
    }
    if (!(run.okExitCodes ?? [0]).includes(outcome.exitCode ?? -1) || outcome.signal) {
      const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
      const reversed = [...tail].reverse();
      const cause =
        reversed.find((l) => /\[ERROR\]|\[E\]|^E\d{4,}|Error:/.test(l)) ??
        reversed.find((l) => /error|fail/i.test(l)) ??
        tail[tail.length - 1];
      throw new DriverError(
        `${name} ${how}${cause ? `: ${cause.trim()}` : ''}`,
        'See the stage log for the full output.',
        tail,
      );
    }
    return { exitCode: outcome.exitCode ?? 0, lines };
  } finally {
    supervisor.dispose();
  }
}
