import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../test/support/run-cli';
import { tempDir } from '../../../../test/support/temp-workspace';

/** Each child waits for the `go` file, then opens the workspace and creates one run (as `npu-workbench run` does). */
const CHILD = `
import { existsSync } from 'node:fs';
const [dir, go] = process.argv.slice(-2);
const { openWorkspace } = await import(${JSON.stringify(path.join(repoRoot, 'src/main/core/workspace/workspace.ts'))});
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
const ws = openWorkspace(dir);
ws.runs.create({ name: 'burst ' + process.pid, configText: 'name: burst', target: 'rk3588', backend: 'rknn' });
ws.close();
`;

function openInChild(dir: string, go: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dir, go], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('opening a fresh workspace from many processes at once', () => {
  it('migrates once and loses no run', { timeout: 120_000 }, async () => {
    const dir = tempDir('npu-wb-burst-');
    const go = path.join(dir, 'go');
    const children = Array.from({ length: 10 }, () => openInChild(dir, go));
    // Let every child load and reach the barrier, then release them together.
    await new Promise((r) => setTimeout(r, 6000));
    writeFileSync(go, '');
    const results = await Promise.all(children);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    expect(existsSync(path.join(dir, 'workbench.db'))).toBe(true);
    const { openWorkspace } = await import('../workspace/workspace');
    const ws = openWorkspace(dir);
    expect(ws.runs.list({}).total).toBe(10);
    ws.close();
  });

  it('advises moving the file aside only when it is damaged', async () => {
    const { openWorkspace } = await import('../workspace/workspace');
    const damaged = tempDir('npu-wb-damaged-');
    writeFileSync(
      path.join(damaged, 'workbench.db'),
      'this is not a database, but long enough to have a header '.repeat(20),
    );
    expect(() => openWorkspace(damaged)).toThrow(expect.objectContaining({ hint: expect.stringMatching(/damaged/) }));
    const newer = tempDir('npu-wb-newer-');
    const ws = openWorkspace(newer);
    ws.db.pragma('user_version = 999');
    ws.close();
    expect(() => openWorkspace(newer)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/newer NPU Workbench/),
        hint: expect.not.stringMatching(/aside/),
      }),
    );
  });
});
