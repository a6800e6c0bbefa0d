import { describe, expect, it } from 'vitest';
import { readBasics, writeBasic } from './run-basics';

describe('run basics form ↔ YAML', () => {
  it('reads and writes top-level fields without touching comments or stages', () => {
    const text = '# my run\nname: a\ntarget: host\nstages:\n  - kind: env-snapshot # first\n';
    expect(readBasics(text)).toEqual({ name: 'a', target: 'host' });
    const next = writeBasic(writeBasic(text, 'target', 'rk3588'), 'model', 'models/y.onnx');
    expect(next).toBe(
      '# my run\nname: a\ntarget: rk3588\nmodel: models/y.onnx\nstages:\n  - kind: env-snapshot # first\n',
    );
    expect(readBasics(writeBasic(next, 'model', ''))).toEqual({ name: 'a', target: 'rk3588' });
  });
  it('leaves text that is not a YAML mapping alone', () => {
    expect(readBasics('- a\n')).toBeNull();
    expect(writeBasic('name: [', 'target', 'x')).toBe('name: [');
  });
});
