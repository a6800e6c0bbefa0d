import { describe, expect, it } from 'vitest';
import { readBasics, writeBasic } from './run-basics';

describe('run basics form ↔ YAML', () => {
  it('reads and writes run-level fields without touching comments or stages', () => {
    const text = '# my run\nname: a\ntarget: host\nstages:\n  - kind: env-snapshot # first\n';
    expect(readBasics(text)).toEqual({ name: 'a', target: 'host' });
    const next = writeBasic(text, 'target', 'rk3588');
    expect(next).toBe('# my run\nname: a\ntarget: rk3588\nstages:\n  - kind: env-snapshot # first\n');
    expect(readBasics(writeBasic(next, 'name', ''))).toEqual({ target: 'rk3588' });
  });

  it('edits the model, data and calibration options of every stage that has them (never a top-level key)', () => {
    const text =
      'name: a\nstages:\n  - kind: eval\n    model: a.onnx\n    data: d.yaml\n  - kind: convert-rknn\n' +
      '    model: a.onnx\n    calibration: { images: calib, count: 10 }\n  - kind: env-snapshot\n';
    expect(readBasics(text)).toEqual({ name: 'a', model: 'a.onnx', data: 'd.yaml', calib: 'calib' });
    const next = writeBasic(writeBasic(text, 'model', 'b.onnx'), 'calib', 'imgs');
    expect(next).toBe(
      'name: a\nstages:\n  - kind: eval\n    model: b.onnx\n    data: d.yaml\n  - kind: convert-rknn\n' +
        '    model: b.onnx\n    calibration: { images: imgs, count: 10 }\n  - kind: env-snapshot\n',
    );
    // No stage reads a dataset here: nothing is written.
    expect(writeBasic('name: a\nstages:\n  - kind: env-snapshot\n', 'data', 'x')).toBe(
      'name: a\nstages:\n  - kind: env-snapshot\n',
    );
  });

  it('leaves text that is not a YAML mapping alone', () => {
    expect(readBasics('- a\n')).toBeNull();
    expect(writeBasic('name: [', 'target', 'x')).toBe('name: [');
  });
});
