import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InterpreterReport, ToolReport } from '../../../shared/contract/toolchains-contract';
import { tempDir } from '../../../../test/support/temp-workspace';
import { doctorChecks } from './doctor-checks';
import { discoverInterpreters } from './python-discovery';
import { runDoctor } from './doctor';
import { DEFAULT_SETTINGS } from '../../../shared/contract';

const py = (over: Partial<InterpreterReport> & { packages?: Record<string, string | null> }): InterpreterReport => ({
  path: '/x/python3',
  realPath: '/x/python3',
  sources: ['path'],
  selected: true,
  version: '3.11.2',
  system: 'Linux',
  machine: 'x86_64',
  error: null,
  ...over,
  packages: { torch: '2.1.0', onnx: '1.16.1', numpy: '1.26.4', ...over.packages },
});
const noTools: ToolReport[] = [];
const level = (checks: { id: string; level: string }[], id: string): string | undefined =>
  checks.find((c) => c.id === id)?.level;

describe('python discovery', () => {
  it('finds project venvs, conda envs and pyenv versions, and tells a venv apart from its base', () => {
    const home = tempDir();
    const project = tempDir();
    const link = (dir: string): void => {
      mkdirSync(dir, { recursive: true });
      symlinkSync('/usr/bin/python3', path.join(dir, 'python'));
    };
    link(path.join(project, '.venv', 'bin'));
    link(path.join(home, 'miniconda3', 'envs', 'rknn', 'bin'));
    link(path.join(home, '.pyenv', 'versions', '3.10.13', 'bin'));
    const found = discoverInterpreters({ pythonPath: '/nope/python3' }, [project], { HOME: home, PATH: '/usr/bin' });
    const byPath = Object.fromEntries(found.map((f) => [f.path, f.sources]));
    expect(byPath['/nope/python3']).toEqual(['setting']);
    expect(byPath[path.join(project, '.venv', 'bin', 'python')]).toEqual(['venv']);
    expect(byPath[path.join(home, 'miniconda3', 'envs', 'rknn', 'bin', 'python')]).toEqual(['conda']);
    expect(byPath[path.join(home, '.pyenv', 'versions', '3.10.13', 'bin', 'python')]).toEqual(['pyenv']);
    expect(byPath['/usr/bin/python3']).toEqual(['path', 'system']);
  });
});

describe('doctor checks', () => {
  it('explains rknn-toolkit2 platform and Python range problems', () => {
    const mac = doctorChecks(
      { platform: 'darwin', arch: 'arm64' },
      py({ system: 'Darwin', machine: 'arm64', packages: { 'rknn-toolkit2': '2.3.2' } }),
      noTools,
    );
    expect(level(mac, 'rknn-platform')).toBe('error');
    const py313 = doctorChecks({ platform: 'linux', arch: 'x64' }, py({ version: '3.13.0' }), noTools);
    expect(py313.find((c) => c.id === 'rknn-python')?.message).toMatch(/3\.6–3\.12; this is Python 3\.13\.0/);
    expect(
      level(doctorChecks({ platform: 'linux', arch: 'x64' }, py({ version: '3.12.1' }), noTools), 'rknn-python'),
    ).toBeUndefined();
  });

  it('flags dependency pins, lite2 on a host, and TensorRT version facts', () => {
    const checks = doctorChecks(
      { platform: 'linux', arch: 'x64' },
      py({
        packages: {
          'rknn-toolkit2': '2.3.2',
          torch: '2.5.0',
          numpy: '2.0.1',
          'rknn-toolkit-lite2': '2.3.2',
          tensorrt: '10.3.0',
        },
      }),
      [{ name: 'trtexec', path: '/opt/trt/bin/trtexec', version: '11.0.0', note: null }],
    );
    expect(level(checks, 'rknn-torch')).toBe('warning');
    expect(level(checks, 'rknn-numpy')).toBe('warning');
    expect(level(checks, 'rknn-lite2')).toBe('warning');
    expect(level(checks, 'tensorrt-versions')).toBe('warning');
    expect(checks.find((c) => c.id === 'tensorrt-11')?.message).toMatch(/strongly typed/);
    expect(level(checks, 'tool-trtexec')).toBe('ok');
  });

  it('a broken interpreter is an error with the fix', () => {
    const checks = doctorChecks(
      { platform: 'linux', arch: 'x64' },
      py({ version: null, error: 'Python interpreter not found: /x' }),
      noTools,
    );
    expect(checks[0]).toMatchObject({ id: 'python', level: 'error' });
    expect(checks[0].hint).toMatch(/settings set pythonPath/);
  });
});

describe('doctor on an interpreter the drivers cannot run in', () => {
  it('says "not a Python 3" instead of printing the SyntaxError traceback', async () => {
    const dir = tempDir();
    // What `python2 env_snapshot.py` prints: a traceback ending in a SyntaxError, exit status 1.
    const python2 = path.join(dir, 'python2');
    writeFileSync(
      python2,
      "#!/bin/sh\necho '  File \"env_snapshot.py\", line 12' >&2\necho '    def main() -> None:' >&2\n" +
        "echo 'SyntaxError: invalid syntax' >&2\nexit 1\n",
    );
    chmodSync(python2, 0o755);
    const report = await runDoctor({
      settings: { ...DEFAULT_SETTINGS, pythonPath: python2 },
      projectDirs: [],
      env: { PATH: dir, HOME: dir },
    });
    const row = report.interpreters.find((i) => i.path === python2)!;
    expect(row.error).toBe('Not a Python 3 interpreter (Python 2?): the workbench drivers need Python 3.8 or newer.');
    expect(row.version).toBeNull();
  });
});
