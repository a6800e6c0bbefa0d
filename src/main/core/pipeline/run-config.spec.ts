import { describe, expect, it } from 'vitest';
import { StageRegistry } from './stage-kind';
import { builtinStageKinds } from './stages';
import { checkRunConfig, parseRunConfig } from './run-config';

const registry = new StageRegistry(builtinStageKinds);

describe('run config', () => {
  it('parses a valid config with defaults', () => {
    const config = parseRunConfig('name: demo\nstages:\n  - kind: env-snapshot\n', registry);
    expect(config).toMatchObject({
      name: 'demo',
      target: 'host',
      backend: 'sim',
      tags: [],
      stages: [{ kind: 'env-snapshot' }],
    });
  });

  it('reports YAML syntax errors with their line', () => {
    const { check } = checkRunConfig('name: demo\nstages:\n  - kind: [unclosed\n', registry);
    expect(check.ok).toBe(false);
    expect(check.issues[0].line).toBeGreaterThanOrEqual(3);
  });

  it('reports unknown stage kinds and bad stage params at the offending line', () => {
    const text =
      'name: demo\nstages:\n  - kind: env-snapshot\n  - kind: teleport\n  - kind: python-script\n    script: 42\n';
    const { check } = checkRunConfig(text, registry);
    expect(check.issues).toEqual([
      { path: 'stages.1.kind', message: expect.stringContaining('Unknown stage kind "teleport"'), line: 4 },
      { path: 'stages.2.script', message: 'script must be a string', line: 6 },
    ]);
  });

  it('words problems plainly: a missing option, a bad enum value, an unknown option, a number out of range', () => {
    const text =
      'name: demo\nstages:\n  - kind: analyse\n' +
      '    model: m.onnx\n    dtype: w4a4\n    candidates: 0\n    colour: red\n';
    const { check } = checkRunConfig(text, registry);
    expect(check.issues.map((i) => [i.path, i.message])).toEqual(
      expect.arrayContaining([
        ['stages.0.calib', 'calib is required'],
        ['stages.0.dtype', expect.stringMatching(/^dtype must be one of w8a8, /)],
        ['stages.0.candidates', 'candidates must be at least 1'],
        ['stages.0', 'unknown option colour'],
      ]),
    );
  });

  it('rejects non-mapping documents and empty stage lists', () => {
    expect(checkRunConfig('- a\n- b\n', registry).check.issues[0].message).toMatch(/must be a YAML mapping/);
    expect(checkRunConfig('name: x\nstages: []\n', registry).check.issues[0].message).toMatch(/at least one stage/);
    expect(() => parseRunConfig('name: x\n', registry, 'runs/a.yaml')).toThrow(/^runs\/a\.yaml:1: stages: /);
  });

  it('checks the target against the toolkit platform list of the backend', () => {
    const text = (target: string, backend = 'rknn') =>
      `name: x\ntarget: ${target}\nbackend: ${backend}\nstages:\n  - kind: env-snapshot\n`;
    const [issue] = checkRunConfig(text('rk3599'), registry).check.issues;
    expect(issue).toMatchObject({ path: 'target', line: 2 });
    expect(issue.message).toMatch(/^rk3599 is not a platform the rknn toolkit knows; it builds for rv1103, .*rk3588$/);
    expect(checkRunConfig(text('rk3589'), registry).check.issues[0].message).toContain('(did you mean rk3588?)');
    expect(checkRunConfig(text('RK3588'), registry).check.ok).toBe(true);
    // Backends without a platform list (the simulator) take any target name.
    expect(checkRunConfig(text('my-box', 'sim'), registry).check.ok).toBe(true);
  });

  it('takes a stage condition (when: toolkit) apart from the params, and names an unknown toolkit by line', () => {
    const text = (toolkit: string) => `name: x\nstages:\n  - kind: env-snapshot\n    when: { toolkit: ${toolkit} }\n`;
    const { parsed, check } = checkRunConfig(text('rknn'), registry);
    expect(check.ok).toBe(true);
    expect(parsed!.config.stages[0].when).toEqual({ toolkit: 'rknn' });
    expect(parsed!.params[0]).toEqual({});
    expect(checkRunConfig(text('rknm'), registry).check.issues).toEqual([
      { path: 'stages.0.when.toolkit', message: 'Unknown toolkit "rknm" (known: rknn, atc, tensorrt)', line: 4 },
    ]);
    expect(checkRunConfig(text('rknn, python: 3'), registry).check.issues[0]).toMatchObject({ path: 'stages.0.when' });
  });
});
