import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { missingInputs } from './config-paths';
import { checkRunConfig } from './run-config';
import { StageRegistry } from './stage-kind';
import { builtinStageKinds } from './stages';

describe('missing inputs at Check time', () => {
  it('names each input file or folder that does not exist at its line, skipping demo and earlier outputs', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'm.onnx'), '');
    mkdirSync(path.join(dir, 'calib'));
    const text = [
      'name: x',
      'stages:',
      '  - kind: analyse',
      '    model: m.onnx',
      '    calib: missing-calib',
      '  - kind: eval',
      '    model: demo',
      '    data: demo',
      '  - kind: surgery',
      '    model: m.onnx',
      '    out: cut.onnx',
      '    preset: rknn9',
      '  - kind: eval',
      '    model: cut.onnx',
      '    data: nope/data.yaml',
      '',
    ].join('\n');
    const { parsed, check } = checkRunConfig(text, new StageRegistry(builtinStageKinds));
    expect(check.issues).toEqual([]);
    expect(await missingInputs(text, parsed!.config, dir)).toEqual([
      {
        path: 'stages.0.calib',
        message: `calibration folder missing-calib does not exist (looked for ${path.join(dir, 'missing-calib')})`,
        line: 5,
      },
      {
        path: 'stages.3.data',
        message: `dataset nope/data.yaml does not exist (looked for ${path.join(dir, 'nope', 'data.yaml')})`,
        line: 15,
      },
    ]);
  });
});
