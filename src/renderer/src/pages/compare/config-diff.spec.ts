import { describe, expect, it } from 'vitest';
import { diffConfigs, flattenConfig } from './config-diff';

describe('config diff', () => {
  it('flattens nested config with stage indices and inline lists', () => {
    const flat = flattenConfig(
      'name: a\nstages:\n  - kind: analyse\n    keepFloat: [x, y]\n    rknn: {quantized_dtype: w8a8}\n',
    );
    expect(Object.fromEntries(flat)).toEqual({
      name: 'a',
      'stages.0.kind': 'analyse',
      'stages.0.keepFloat': '[x, y]',
      'stages.0.rknn.quantized_dtype': 'w8a8',
    });
  });

  it('marks only the keys whose values differ, including keys one run lacks', () => {
    const rows = diffConfigs([
      'name: a\ntarget: rk3588\nstages:\n  - kind: x\n',
      'name: b\ntarget: rk3588\nstages:\n  - kind: x\n    keepFloat: [t]\n',
    ]);
    expect(rows.filter((r) => r.differs).map((r) => [r.key, r.values])).toEqual([
      ['name', ['a', 'b']],
      ['stages.0.keepFloat', [null, '[t]']],
    ]);
    expect(rows.find((r) => r.key === 'target')!.differs).toBe(false);
  });
});
