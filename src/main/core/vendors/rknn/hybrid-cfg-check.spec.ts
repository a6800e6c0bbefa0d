import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder';
import { checkHybridCfg } from './hybrid-cfg-check';

function model() {
  const b = new GraphBuilder(13);
  const x = b.input('images', [1, 3, 8, 8]);
  const conv = b.op(
    'Conv',
    [x, b.init('w', [2, 3, 1, 1], [0.1, 0.2, 0.3, -0.1, 0.5, 0.2])],
    { kernel_shape: [1, 1] },
    '/m0',
  );
  b.output(b.op('Sigmoid', [conv], {}, '/m0'));
  return { m: b.build(), conv };
}

describe('checkHybridCfg', () => {
  it('accepts layers that are activation tensors with a supported dtype', () => {
    const { m, conv } = model();
    const { check, layers } = checkHybridCfg(`custom_quantize_layers:\n    ${conv}: float16\n`, m);
    expect(check).toEqual({ ok: true, issues: [] });
    expect(layers).toEqual({ [conv]: 'float16' });
  });

  it('marks unknown layers, inputs and bad dtypes on their own lines, with a suggestion', () => {
    const { m, conv } = model();
    const text =
      `custom_quantize_layers:\n    ${conv}: float16\n    ${conv.slice(0, -3)}: float16\n` +
      `    images: float16\n    ${conv}x: float32\n`;
    const { check } = checkHybridCfg(text, m);
    expect(check.ok).toBe(false);
    expect(check.issues.map((i) => i.line)).toEqual([3, 4, 5, 5]);
    expect(check.issues[0].message).toMatch(/is not a tensor of this model \(did you mean .*\?\)/);
    expect(check.issues[1].message).toMatch(/model input/);
    expect(check.issues[3].message).toMatch(/dtype float32 is not one of float16, int16, int8/);
  });

  it('reports YAML errors with their line and accepts an empty block', () => {
    const { m } = model();
    expect(checkHybridCfg('custom_quantize_layers:\n  a: [\n', m).check.issues[0].line).toBeGreaterThanOrEqual(2);
    expect(checkHybridCfg('custom_quantize_layers: {}\n', m).check.ok).toBe(true);
    expect(checkHybridCfg('custom_quantize_layers:\n', m).check.ok).toBe(true);
  });
});
