import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './support/run-cli';
import { fixtureDriver, SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

describe('npu-workbench CLI', () => {
  it('prints help naming the main commands', () => {
    const out = runCli(['--help']);
    expect(out.code).toBe(0);
    for (const cmd of ['serve', 'runs', 'run', 'settings']) expect(out.stdout).toContain(cmd);
  });

  it('runs a pipeline file, stores the run, and shows it as pure JSON', () => {
    const ws = tempDir();
    const file = path.join(tempDir(), 'run.yaml');
    writeFileSync(
      file,
      `name: cli run\ntarget: rk3588\nstages:\n  - kind: python-script\n    script: ${fixtureDriver('counting_driver.py')}\n    args: { steps: 2 }\n`,
    );
    const run = runCli(['run', file, '--json', '--workspace', ws], { NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'cli run', status: 'succeeded', metrics: { steps: 2 } });
    const list = runCli(['runs', 'list', '--json'], { NPU_WORKBENCH_WORKSPACE: ws });
    expect(JSON.parse(list.stdout)).toMatchObject({ total: 1, rows: [{ name: 'cli run', target: 'rk3588' }] });
    const show = runCli(['runs', 'show', '1', '--json', '--workspace', ws]);
    expect(JSON.parse(show.stdout).stages).toHaveLength(1);
    expect(runCli(['runs', 'show', '1', '--workspace', ws]).stdout).toMatch(
      /Run 1: cli run[\s\S]*python-script\s+succeeded 2\/2[\s\S]*steps = 2/,
    );
  });

  it('fails with one clear line on stderr and no stack trace unless --debug', () => {
    const ws = tempDir();
    const missing = runCli(['runs', 'show', '42', '--workspace', ws]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^npu-workbench: Run 42 was not found\n {2}fix: .+\n$/);
    expect(runCli(['runs', 'show', '42', '--workspace', ws, '--debug']).stderr).toMatch(/at .*runs-repo\.ts/);
    const badYaml = path.join(tempDir(), 'bad.yaml');
    writeFileSync(badYaml, 'name: x\nstages:\n  - kind: warp\n');
    const bad = runCli(['run', badYaml, '--workspace', ws]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${badYaml}:3: stages.0.kind: Unknown stage kind "warp"`);
    expect(runCli(['run', '/nope/run.yaml', '--workspace', ws]).stderr).toMatch(
      /Cannot read run config \/nope\/run\.yaml: ENOENT/,
    );
  });

  it('uses the desktop app workspace by default, and edits settings', () => {
    const home = tempDir();
    const env = { HOME: home, XDG_CONFIG_HOME: undefined, NPU_WORKBENCH_WORKSPACE: undefined };
    expect(runCli(['settings', 'set', 'threads', '3'], env).code).toBe(0);
    const [a, b] = [tempDir(), tempDir()]; // runtime folders must exist (settings-check)
    expect(runCli(['settings', 'set', 'vendorRuntimeDirs', `${a},${b}`], env).code).toBe(0);
    const shown = JSON.parse(runCli(['settings', 'show', '--json'], env).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ threads: 3, vendorRuntimeDirs: [a, b] });
    const info = runCli(['settings', 'set', 'colour', 'red'], env);
    expect(info.code).toBe(2); // an unknown setting name is bad usage
    expect(info.stderr).toMatch(/Unknown setting "colour"/);
    expect(runCli(['settings', 'set', 'threads', 'many'], env).stderr).toMatch(/threads/);
    expect(
      JSON.parse(
        runCli(['runs', 'list', '--json', '--workspace', path.join(home, '.config', 'npu-workbench', 'workspace')])
          .stdout,
      ),
    ).toEqual({ rows: [], total: 0 });
    expect(
      JSON.parse(
        runCli(['settings', 'show', '--json', '--workspace', path.join(home, '.config', 'npu-workbench', 'workspace')])
          .stdout,
      ).threads,
    ).toBe(3);
  });
});

describe('npu-workbench output into a closed pipe', () => {
  it('stops writing quietly when the reader goes away (runs list | head)', async () => {
    const ws = tempDir();
    const child = spawnCli(['runs', 'list', '--workspace', ws]);
    child.stdout.destroy(); // the reader is gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
