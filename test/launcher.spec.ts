import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from './support/run-cli';
import { tempDir } from './support/temp-workspace';

/** A Node older than 22 on PATH makes the launcher re-run the CLI under the pinned Node as a child. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
  (bin) => existsSync(bin) && Number(spawnSync(bin, ['-p', 'process.versions.node.split(".")[0]']).stdout) < 22,
);

const alive = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
};
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (check()) return true;
  return check();
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts `serve` through the launcher under the old Node and answers the launcher and the CLI child. */
async function serveThroughLauncher(): Promise<{ launcher: ChildProcess; worker: number }> {
  const launcher = spawn(oldNode!, [cliPath, 'serve', '--no-demo', '--workspace', tempDir()], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(launcher.pid!);
  await new Promise<void>((resolve, reject) => {
    launcher.stdout!.on('data', (d: Buffer) => String(d).includes('Workbench ready') && resolve());
    launcher.once('exit', () => reject(new Error('launcher exited before serving')));
  });
  const [worker] = childrenOf(launcher.pid!);
  started.push(worker!);
  return { launcher, worker: worker! };
}

describe.skipIf(!oldNode || process.platform !== 'linux')('launcher under an old Node', () => {
  it('takes its CLI child down when it is killed with SIGKILL (no orphan keeps serving)', async () => {
    const { launcher, worker } = await serveThroughLauncher();
    expect(alive(worker)).toBe(true);
    launcher.kill('SIGKILL');
    expect(await until(() => !alive(worker), 10_000)).toBe(true);
  });

  it('forwards SIGTERM to the child and exits when it has', async () => {
    const { launcher, worker } = await serveThroughLauncher();
    const exited = new Promise<unknown>((resolve) => launcher.once('exit', (code, signal) => resolve(code ?? signal)));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0); // serve stops cleanly on SIGTERM
    expect(alive(worker)).toBe(false);
  });
});
