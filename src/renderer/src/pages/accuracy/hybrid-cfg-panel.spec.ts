import { describe, expect, it } from 'vitest';
import { hybridCfgText } from './hybrid-cfg-panel';

describe('hybridCfgText', () => {
  it('writes rknn custom_quantize_layers with float16 for each kept layer', () => {
    expect(hybridCfgText(['a', '/m/Conv_output_0'])).toBe(
      'custom_quantize_layers:\n    a: float16\n    /m/Conv_output_0: float16\n',
    );
    expect(hybridCfgText([])).toBe('custom_quantize_layers: {}\n');
  });
});
