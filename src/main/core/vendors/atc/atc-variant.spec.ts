import { describe, expect, it } from 'vitest';
import { RunConfigSchema } from '../../../../shared/contract';
import { atcBuildInRun, atcVariant } from './atc-variant';

describe('the AP ledger variant of an ATC build', () => {
  it('follows compile_mode, and high-precision layers or calibration overrides make a hybrid of it', () => {
    expect(atcVariant({}).variant).toBe('w8a8');
    expect(atcVariant({ compile_mode: 1, soc_version: 'Hi3519DV500' })).toMatchObject({
      variant: 'w8a16',
      soc: 'Hi3519DV500',
    });
    expect(atcVariant({ compile_mode: 6 }).variant).toBe('w8a16+fp16');
    expect(atcVariant({ high_precision_layer: '/model.22/Mul_2;/model.22/Concat' })).toMatchObject({
      variant: 'hybrid',
      variantDetail: { base: 'w8a8', highPrecisionLayers: ['/model.22/Mul_2', '/model.22/Concat'] },
    });
    expect(atcVariant({ compile_mode: 5 }, [{ layer: 'Mul_270' }]).variantDetail).toMatchObject({
      base: 'w8a8+fp16',
      calibrationOverrides: ['Mul_270'],
    });
  });

  it('finds the convert-atc stage that built the .om: by its out path, or the last one for artifact:atc-om', () => {
    const config = RunConfigSchema.parse({
      name: 'two builds',
      stages: [
        { kind: 'convert-atc', model: 'm.onnx', out: 'out/a8.om', flags: { compile_mode: 0 } },
        { kind: 'convert-atc', model: 'm.onnx', out: 'out/a16.om', flags: { compile_mode: 1 } },
        { kind: 'hisi-board-eval' },
      ],
    });
    expect(atcBuildInRun(config, 2, '/base/out/a8.om', '/base')?.variant).toBe('w8a8');
    expect(atcBuildInRun(config, 2, 'artifact:atc-om', '/base')?.variant).toBe('w8a16');
    expect(atcBuildInRun(config, 1, '/base/out/a16.om', '/base')).toBeNull();
    expect(atcBuildInRun(config, 2, '/elsewhere/x.om', '/base')).toBeNull();
  });
});
