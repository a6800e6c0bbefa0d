import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationLayers, overrideLayer, parseTextProto, writeTextProto } from './atc-calibration-param';

const fixture = (name: string): string =>
  readFileSync(path.resolve(import.meta.dirname, '../../../../../test/fixtures/vendor', name), 'utf8');

describe('calibration_param.txt', () => {
  const text = fixture('calibration_param.txt');

  it('parses layers with defaults and round-trips unknown fields', () => {
    const doc = parseTextProto(text);
    const layers = calibrationLayers(doc);
    expect(layers.map((l) => [l.name, l.calcDataType])).toEqual([
      ['/model.0/conv/Conv', 'S8'],
      ['/model.22/Mul_2', 'S8'],
      ['/model.22/Add', 'F16'],
    ]);
    expect(layers[0].weight).toEqual({ dataType: 'S8', scale: [12.5, 40.25], offset: [0, 0] });
    expect(layers[1].inputs).toHaveLength(2);
    expect(writeTextProto(doc)).toBe(text);
  });

  it('overrides one op (the stride Mul in S16) and leaves the others alone', () => {
    const doc = parseTextProto(text);
    const edited = overrideLayer(doc, '/model.22/Mul_2', {
      calcDataType: 'S16',
      inputs: [{ dataType: 'S16', scale: [9000] }, { dataType: 'S16' }],
    });
    const layers = calibrationLayers(parseTextProto(writeTextProto(edited)));
    expect(layers[1]).toEqual({
      name: '/model.22/Mul_2',
      calcDataType: 'S16',
      inputs: [
        { dataType: 'S16', scale: [9000], offset: [0] },
        { dataType: 'S16', scale: [4], offset: [0] },
      ],
      weight: null,
    });
    expect(layers[0]).toEqual(calibrationLayers(doc)[0]);
    expect(calibrationLayers(doc)[1].calcDataType).toBe('S8');
    expect(() => overrideLayer(doc, 'Mul_2', { calcDataType: 'S16' })).toThrow(/no layer named "Mul_2"/);
  });

  it('names the line of a syntax error', () => {
    expect(() => parseTextProto('layer {\n  name: "a"\n  quant_param {\n', 'c.txt')).toThrow(/c\.txt:\d+: missing "}"/);
    expect(() => parseTextProto('layer {\n  name "a"\n}\n', 'c.txt')).toThrow(
      /c\.txt:2: expected ":" or "\{" after name/,
    );
  });
});
