import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  workspace: string;
  stdoutLines: string[];
  stop(): Promise<void>;
}

/**
 * Starts `npu-workbench serve` as a real child process and waits for its single ready line. A fresh workspace
 * stays empty (`--no-demo`) unless `demo: true` asks for the real first launch with the demo baseline run.
 */
export async function startServe(
  options: { workspace?: string; env?: Record<string, string>; demo?: boolean } = {},
): Promise<ServeProcess> {
  const workspace = options.workspace ?? mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-ws-'));
  const args = ['serve', '--port', '0', '--workspace', workspace, ...(options.demo ? [] : ['--no-demo'])];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'npu-workbench.mjs'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutLines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not print its ready line in 60 s; stderr: ${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdoutLines.push(line);
        const m = /^Workbench ready: (http:\/\/\S+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    child,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    workspace,
    stdoutLines,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
