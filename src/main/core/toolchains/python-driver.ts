import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../errors/user-error';
import { type DriverMessage, parseDriverLine, parseTqdm } from './driver-protocol';
import { superviseGroup } from './process-group';

export interface DriverRun {
  python: string;
  script: string;
  config: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  cwd?: string;
  env?: Record<string, string>;
  onMessage?: (message: DriverMessage) => void;
  onLog?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface DriverResult {
  result: Record<string, unknown>;
  artifacts: { kind: string; path: string }[];
}

/** A driver that failed: the message the script or the OS gave, a hint, and its last output lines. */
export class DriverError extends UserError {
  constructor(
    message: string,
    hint: string | undefined,
    readonly lastLines: string[],
    readonly cancelled = false,
  ) {
    super(message, hint);
    this.name = 'DriverError';
  }
}

const TAIL = 20;

/**
 * Runs a Python driver: one JSON config file argument, JSON lines on stdout, free text (and tqdm
 * bars) on stderr. No shell is involved. The child leads its own process group so cancel and
 * timeout stop everything it started.
 */
export async function runPythonDriver(run: DriverRun): Promise<DriverResult> {
  const configFile = path.join(os.tmpdir(), `npu-wb-driver-${process.pid}-${randomBytes(6).toString('hex')}.json`);
  await writeFile(configFile, JSON.stringify(run.config));
  const tail: string[] = [];
  const remember = (text: string): void => {
    tail.push(text);
    if (tail.length > TAIL) tail.shift();
  };
  let result: Record<string, unknown> | null = null;
  let scriptError: { message: string; hint?: string } | null = null;
  const artifacts: { kind: string; path: string }[] = [];

  const child = execa(run.python, [run.script, configFile], {
    cwd: run.cwd,
    env: { PYTHONUNBUFFERED: '1', ...run.env },
    detached: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    encoding: 'utf8',
  });

  const supervisor = superviseGroup(child, run.signal, run.timeoutMs);

  const handleStdout = (line: string): void => {
    const msg = parseDriverLine(line);
    if (!msg) {
      if (line.trim()) {
        remember(line);
        run.onLog?.(line, 'stdout');
      }
      return;
    }
    if (msg.type === 'result') result = msg;
    else if (msg.type === 'error') scriptError = { message: msg.message, hint: msg.hint };
    else if (msg.type === 'artifact') artifacts.push({ kind: msg.kind, path: msg.path });
    else if (msg.type === 'log') {
      remember(msg.message);
      run.onLog?.(msg.message, 'stdout');
    }
    run.onMessage?.(msg);
  };
  // stderr arrives in arbitrary chunks: keep the unfinished fragment until its \r or \n arrives.
  let pendingStderr = '';
  const handleStderrFragment = (fragment: string): void => {
    if (!fragment.trim()) return;
    const bar = parseTqdm(fragment);
    if (bar) run.onMessage?.({ type: 'progress', done: bar.done, total: bar.total });
    else {
      remember(fragment);
      run.onLog?.(fragment, 'stderr');
    }
  };
  const handleStderr = (chunk: string): void => {
    const parts = (pendingStderr + chunk).split(/\r|\n/);
    pendingStderr = parts.pop() ?? '';
    parts.forEach(handleStderrFragment);
  };

  const stdoutDone = (async () => {
    for await (const line of child.iterable({ from: 'stdout' })) handleStdout(String(line));
  })();
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => handleStderr(chunk));
  child.stderr?.on('end', () => handleStderrFragment(pendingStderr));

  try {
    const outcome = await child;
    await stdoutDone.catch(() => undefined);
    if (supervisor.cancelled)
      throw new DriverError(`${path.basename(run.script)} was cancelled`, undefined, tail, true);
    if (supervisor.timedOut)
      throw new DriverError(
        `${path.basename(run.script)} did not finish within ${Math.round((run.timeoutMs ?? 0) / 1000)} s`,
        'Raise the stage timeout, or check the log for a hang.',
        tail,
      );
    if (outcome.failed && outcome.code === 'ENOENT') {
      throw new DriverError(
        `Python interpreter not found: ${run.python}`,
        'Set the Python interpreter in Settings (or `npu-workbench settings set pythonPath /path/to/python3`).',
        tail,
      );
    }
    const err = scriptError as { message: string; hint?: string } | null;
    if (err) throw new DriverError(err.message, err.hint, tail);
    if (outcome.exitCode !== 0) {
      const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
      throw new DriverError(
        `${path.basename(run.script)} ${how}${tail.length ? `: ${tail[tail.length - 1]}` : ''}`,
        'See the stage log for the full output.',
        tail,
      );
    }
    if (!result)
      throw new DriverError(
        `${path.basename(run.script)} finished without a result line`,
        'Drivers must print {"type":"result",...} before exiting.',
        tail,
      );
    return { result, artifacts };
  } finally {
    supervisor.dispose();
    await rm(configFile, { force: true });
  }
}
