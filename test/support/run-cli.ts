import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'npu-workbench.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin → tsx → src) as a child process. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const out = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
}

export function spawnCli(args: string[], env: Record<string, string | undefined> = {}) {
  return spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A command line from an options object, in its order: `cliArgs('eval', { model: 'm.onnx', json: true })` →
 * `['eval', '--model', 'm.onnx', '--json']` (true is a bare flag; false and undefined are left out).
 */
export function cliArgs(command: string, options: Record<string, string | number | boolean | undefined>): string[] {
  return [
    ...command.split(' '),
    ...Object.entries(options).flatMap(([key, v]) =>
      v === undefined || v === false ? [] : v === true ? [`--${key}`] : [`--${key}`, String(v)],
    ),
  ];
}
