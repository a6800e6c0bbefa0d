import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { overflowLayers, parseErrorAnalysis, toLayerErrors } from './rknn-error-analysis';
import {
  checkDtypeChanged,
  modelCustomLayers,
  parseQuantizationCfg,
  setCustomLayers,
  validateCustomLayers,
} from './rknn-quantization-cfg';

const fixture = (name: string): string =>
  readFileSync(path.resolve(import.meta.dirname, '../../../../../test/fixtures/vendor', name), 'utf8');

describe('error_analysis.txt', () => {
  it('reads the 2.x table: cos|euc pairs, blank fused rows, partial rows, inf', () => {
    const a = parseErrorAnalysis(fixture('error_analysis_2x.txt'));
    expect(a.format).toBe('2.x');
    expect(a.hasRuntime).toBe(true);
    expect(a.rows.map((r) => r.tensor)).toEqual(['input2', 'conv1/scale', '779', '524', '524__float16']);
    const relu = a.rows[3];
    expect(relu).toMatchObject({
      opType: 'Relu',
      simEntire: { cos: 0.99998, euc: 1.0397 },
      simSingle: { cos: 1, euc: 0.7689 },
      runtimeEntire: { cos: 0.99997, euc: 1.4931 },
      runtimeSingle: { cos: 1, euc: 1.3477 },
    });
    expect(a.rows[1].simEntire).toBeNull();
    expect(a.rows[2].runtimeEntire).toBeNull();
    const sim = toLayerErrors(a, 'vendor-sim');
    expect(sim[2]).toMatchObject({
      tensor: '779',
      opType: 'Conv',
      cosEntire: 0.99999,
      eucEntire: 1.0755,
      cosSingle: 0.99999,
      eucSingle: 1.0755,
    });
    expect(sim[4]).toMatchObject({ cosEntire: 0.9999, eucEntire: null });
    const board = toLayerErrors(a, 'board');
    expect(board[3]).toMatchObject({ cosEntire: 0.99997, eucSingle: 1.3477 });
    expect(board[2]).toMatchObject({ cosEntire: null, cosSingle: null });
    expect(overflowLayers(a)).toEqual(['524__float16']);
    const producers = new Map([
      ['524', '/model.2/act/Relu'],
      ['779', '/model.2/conv/Conv'],
    ]);
    expect(toLayerErrors(a, 'vendor-sim', producers).map((r) => r.onnxNode)).toEqual([
      null,
      null,
      '/model.2/conv/Conv',
      '/model.2/act/Relu',
      '/model.2/act/Relu',
    ]);
  });

  it('reads the 1.x table: no [OpType], quant_error entire/per_layer, then simu_err/golden_err where run', () => {
    const a = parseErrorAnalysis(fixture('error_analysis_1x.txt'));
    expect(a).toMatchObject({ format: '1.x', hasRuntime: true });
    expect(a.rows.map((r) => r.tensor)).toEqual(['images', 'images_int8', '124', 'output1_int8']);
    expect(a.rows[3]).toMatchObject({
      tensor: 'output1_int8',
      simEntire: { cos: 0.70612, euc: null },
      simSingle: { cos: 0.8123, euc: null },
      runtimeSingle: { cos: 0.21, euc: null },
      runtimeEntire: { cos: 0.125, euc: null },
    });
    expect(a.rows[1]).toMatchObject({ line: 12, runtimeEntire: null, runtimeSingle: null });
    expect(toLayerErrors(a, 'board')[2]).toMatchObject({ cosEntire: 0.999901, cosSingle: 0.99998 });
  });

  it('refuses a file that yields no rows, naming it, instead of an empty table', () => {
    const header = fixture('error_analysis_1x.txt').split('\n').slice(0, 10).join('\n');
    expect(() => parseErrorAnalysis(header, '/w/snapshot/error_analysis.txt')).toThrow(
      /^\/w\/snapshot\/error_analysis\.txt: no layer rows found/,
    );
    expect(() => parseErrorAnalysis('', 'e.txt')).toThrow(/e\.txt: no layer rows found/);
  });
});

describe('quantization.cfg', () => {
  const text = fixture('yolov8.quantization.cfg');

  it('lists tensors and validates custom layers against them', () => {
    const cfg = parseQuantizationCfg(text);
    expect(cfg.tensors).toEqual(['images', '/model.0/conv/Conv_output_0', 'onnx::Sigmoid_345']);
    expect(validateCustomLayers(cfg, { 'onnx::Sigmoid_345': 'float16' }, ['images'])).toEqual([]);
    const issues = validateCustomLayers(
      cfg,
      { images: 'float16', Sigmoid_345: 'float16', 'onnx::Sigmoid_345': 'bf16' },
      ['images'],
    );
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining('images is a model input'),
      expect.stringContaining('did you mean onnx::Sigmoid_345'),
      expect.stringContaining('dtype bf16'),
    ]);
  });

  it('patches only the custom_quantize_layers block, leaving every float byte-identical', () => {
    const patched = setCustomLayers(text, { 'onnx::Sigmoid_345': 'float16' });
    expect(patched.split('\n').slice(0, 3)).toEqual([
      'custom_quantize_layers:',
      '    onnx::Sigmoid_345: float16',
      'quantize_parameters:',
    ]);
    expect(patched.slice(patched.indexOf('quantize_parameters:'))).toBe(
      text.slice(text.indexOf('quantize_parameters:')),
    );
    expect(parseQuantizationCfg(patched).customLayers).toEqual({ 'onnx::Sigmoid_345': 'float16' });
    expect(setCustomLayers(patched, {})).toBe(text);
  });

  it('names the line of broken YAML', () => {
    expect(() =>
      parseQuantizationCfg('custom_quantize_layers: {}\nquantize_parameters:\n  a: [1,\n', 'm.quantization.cfg'),
    ).toThrow(/m\.quantization\.cfg:\d+: not valid YAML/);
    expect(() => parseQuantizationCfg('foo: 1\n', 'x.cfg')).toThrow(/x\.cfg: no quantize_parameters/);
  });

  it('checks after step 2 whether a layer really changed dtype', () => {
    const after = parseErrorAnalysis(fixture('error_analysis_2x.txt'));
    expect(checkDtypeChanged({ '524': 'float16', '779': 'float16', nope: 'float16' }, after)).toEqual([
      { layer: '524', wanted: 'float16', status: 'changed', evidence: '524__float16', signal: 'row-name' },
      { layer: '779', wanted: 'float16', status: 'unchanged', evidence: '779', signal: null },
      { layer: 'nope', wanted: 'float16', status: 'not-found', evidence: null, signal: null },
    ]);
  });
});

describe('hybrid dtype evidence', () => {
  const analysis = (rows: [string, number][]) =>
    parseErrorAnalysis(
      rows.map(([t, cos]) => `[Conv] ${t}  ${cos.toFixed(5)} | 0.1   ${cos.toFixed(5)} | 0.1`).join('\n'),
    );

  it('uses every signal and says which decided: row name, model record confirmed or contradicted by cos', () => {
    const layers = { a: 'float16', b: 'float16', c: 'float16', d: 'float16', e: 'float16', f: 'float16' };
    const checks = checkDtypeChanged(
      layers,
      analysis([
        ['a__float16', 0.99999],
        ['b', 0.99],
        ['b__int8', 0.99],
        ['c', 0.999995],
        ['d', 0.999995],
        ['f', 0.99],
      ]),
      { c: 'float16', f: 'float16' },
    );
    expect(checks.map((c) => [c.layer, c.status, c.signal])).toEqual([
      ['a', 'changed', 'row-name'],
      ['b', 'unchanged', 'row-name'],
      ['c', 'changed', 'model-record'],
      ['d', 'unchanged', null],
      ['e', 'not-found', null],
      ['f', 'unchanged', 'single-cos'],
    ]);
  });

  it('reads the custom layers an exported model records', () => {
    const bytes = Buffer.concat([Buffer.from('RKNN\0\0'), Buffer.from('{"custom_quantize_layers": {"x": "float16"}}')]);
    expect(modelCustomLayers(bytes)).toEqual({ x: 'float16' });
    expect(modelCustomLayers(Buffer.from('RKNN no record'))).toBeNull();
  });
});
