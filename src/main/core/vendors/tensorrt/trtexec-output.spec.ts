import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrtDevice, parseTrtExportOutput } from './trtexec-output';
import { parseTrtConsole, parseTrtVersion } from './trtexec-reports';

const fixtures = path.resolve(import.meta.dirname, '../../../../../test/fixtures/vendor');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('trtexec --exportOutput (sampleReporting.cpp exportJSONOutput)', () => {
  const text = read('trtexec-export-output.json');

  it('reads names, "AxBxC" dimensions and stream-printed values, non-finite ones included', () => {
    const [cls, box] = parseTrtExportOutput(text, 'out.json');
    expect(cls.name).toBe('cls_0');
    expect(cls.dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(cls.data.subarray(0, 3))).toEqual([Math.fround(0.0123457), 0.5, 1]);
    expect(cls.data[3]).toBe(-Infinity);
    expect(cls.data[5]).toBe(Math.fround(3.40282e38));
    expect(cls.data[6]).toBeNaN();
    expect(box).toMatchObject({ name: 'box_0', dims: [1, 4, 1, 2] });
    expect(box.data[7]).toBe(Math.fround(59.6159));
  });

  it("puts the outputs back in the network's order (trtexec writes them in hash order)", () => {
    expect(parseTrtExportOutput(text, 'out.json', ['box_0', 'cls_0']).map((t) => t.name)).toEqual(['box_0', 'cls_0']);
    expect(() => parseTrtExportOutput(text, 'out.json', ['output0'])).toThrow(
      /out\.json: no output output0 \(the engine has cls_0, box_0\)/,
    );
  });

  it('names the file and what is wrong in a truncated or foreign file', () => {
    expect(() => parseTrtExportOutput(text.slice(0, 200), '/w/0.json')).toThrow(/\/w\/0\.json: not valid JSON/);
    expect(() => parseTrtExportOutput('{"Layers": []}', 'o.json')).toThrow(/non-empty JSON array of outputs/);
    const short = text.replace('0.5, 1, ', '');
    expect(() => parseTrtExportOutput(short, 'o.json')).toThrow(/output cls_0 has 10 values for dimensions 1x3x2x2/);
    expect(() => parseTrtExportOutput('[{"name": "x", "values": []}]', 'o.json')).toThrow(/lacks "name", "dimensions"/);
  });
});

describe('trtexec engine run log', () => {
  const log = read('trtexec-engine-run.log');

  it('names the GPU (sampleDevice.cpp), the TensorRT version and the GPU Compute Time mean', () => {
    expect(parseTrtDevice(log)).toEqual({ gpu: 'NVIDIA A100-SXM4-80GB', computeCapability: '8.0' });
    expect(parseTrtVersion(log)?.text).toBe('10.16.0');
    expect(parseTrtConsole(log)).toMatchObject({ gpuComputeMeanMs: 0.615112, passed: true });
    expect(parseTrtDevice('&&&& FAILED TensorRT.trtexec')).toEqual({ gpu: null, computeCapability: null });
  });
});
