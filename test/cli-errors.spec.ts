import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';
import { fixtureDriver, tempDir } from './support/temp-workspace';

/** One error convention on every command: exit 1 bad input / failed run, 2 bad usage; a real fix on `fix:`. */
describe('CLI error convention', () => {
  const ws = tempDir();
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli([...args, '--workspace', ws], env);

  it('exits 2 for bad usage, printing why, on commands and subcommands alike', () => {
    for (const args of [['nosuch'], ['runs', 'show'], ['runs', 'show', 'abc'], ['runs', 'list', '--limit', 'x']]) {
      const out = cli(args);
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).not.toBe('');
    }
    expect(cli(['runs', 'show', 'abc']).stderr).toMatch(/run id must be a whole number, got "abc"/);
    expect(cli(['settings', 'set', 'colour', 'red']).code).toBe(2);
  });

  it('exits 1 for bad input on every command (run files, models, settings values)', () => {
    const badYaml = path.join(tempDir(), 'bad.yaml');
    writeFileSync(badYaml, 'name: x\nstages:\n  - kind: warp\n');
    expect(cli(['run', badYaml]).code).toBe(1);
    const surgery = cli(['surgery', '--model', '/nope/m.onnx', '--preset', 'rknn6', '--out', path.join(ws, 'o.onnx')]);
    expect(surgery.code).toBe(1);
    expect(surgery.stderr).toMatch(/\/nope\/m\.onnx/);
    expect(cli(['settings', 'set', 'threads', 'many']).code).toBe(1);
  });

  it('refuses a pythonPath that does not exist or cannot run, saying why, and keeps the old one', () => {
    const missing = cli(['settings', 'set', 'pythonPath', '/nope/python3']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/pythonPath: \/nope\/python3 does not exist\n {2}fix: .*python executable/);
    const notPython = cli(['settings', 'set', 'pythonPath', '/bin/false']);
    expect(notPython.code).toBe(1);
    expect(notPython.stderr).toMatch(/pythonPath: \/bin\/false cannot run/);
    expect(JSON.parse(cli(['settings', 'show', '--json']).stdout).pythonPath).toBe('');
  });

  it('reports a failed run on stderr with the stage fix on the fix: line, and exits 1', () => {
    const file = path.join(tempDir(), 'run.yaml');
    writeFileSync(
      file,
      `name: r\nstages:\n  - kind: python-script\n    script: ${fixtureDriver('counting_driver.py')}\n`,
    );
    const out = cli(['run', file], { NPU_WORKBENCH_PYTHON: '/nope/python3' });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /npu-workbench: Run \d+ failed: Stage 1 \(python-script\) failed: Python interpreter not found: \/nope\/python3\n/,
    );
    expect(out.stderr).toMatch(/\n {2}fix: Set the Python interpreter in Settings/);
    expect(out.stderr).not.toMatch(/runs log|\[fix:/);
  });

  it('analyse --model demo works like eval --model demo', { timeout: 240_000 }, () => {
    const args = ['--calib-count', '4', '--analysis-count', '1', '--candidates', '1', '--json'];
    const out = cli(['analyse', '--model', 'demo', ...args]);
    expect(out.stderr).not.toMatch(/npu-workbench:/);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).layers.length).toBeGreaterThan(0);
  });
});
