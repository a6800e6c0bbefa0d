import { describe, expect, it } from 'vitest';
import { parseTrtConsole, parseTrtLayerInfo, parseTrtProfile, parseTrtVersion } from './trtexec-reports';

describe('trtexec reports', () => {
  it('decodes both version encodings', () => {
    expect(parseTrtVersion('&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=a.onnx')?.text).toBe(
      '8.6.1',
    );
    expect(parseTrtVersion('&&&& RUNNING TensorRT.trtexec [TensorRT v101600] # trtexec')).toMatchObject({
      major: 10,
      minor: 16,
      patch: 0,
    });
    expect(parseTrtVersion('&&&& RUNNING TensorRT.trtexec [TensorRT v110000]')?.major).toBe(11);
    expect(parseTrtVersion('garbage')).toBeNull();
  });

  it('reads profile, layer info and the console summary', () => {
    const profile = parseTrtProfile(
      JSON.stringify([
        { count: 120 },
        { name: '/model.0/conv/Conv', timeMs: 12, averageMs: 0.1, medianMs: 0.09, percentage: 30.5 },
      ]),
    );
    expect(profile).toEqual({
      iterations: 120,
      layers: [{ name: '/model.0/conv/Conv', timeMs: 12, averageMs: 0.1, medianMs: 0.09, percentage: 30.5 }],
    });
    const info = parseTrtLayerInfo(
      JSON.stringify({
        Layers: [
          {
            Name: 'conv',
            LayerType: 'CaskConvolution',
            Outputs: [{ Name: 'x', 'Format/Datatype': 'Channel major FP16 format where channel % 8 == 0' }],
          },
          { Name: 'q', LayerType: 'Scale', Outputs: [{ 'Format/Datatype': 'Row major linear Int8 format' }] },
        ],
        Bindings: [],
      }),
    );
    expect(info.map((l) => l.precision)).toEqual(['FP16', 'INT8']);
    expect(parseTrtLayerInfo('{"Layers":["a","b"]}')).toEqual([
      { name: 'a', type: null, precision: null },
      { name: 'b', type: null, precision: null },
    ]);
    expect(() => parseTrtProfile('[{"count": 1', 'p.json')).toThrow(/p\.json: not valid JSON/);
    const summary = parseTrtConsole(
      '[11/22/2026-05:00:00] [I] === Performance summary ===\n' +
        '[11/22/2026-05:00:00] [I] Throughput: 812.5 qps\n' +
        '[11/22/2026-05:00:00] [I] Latency: min = 1.1 ms, max = 2.5 ms, mean = 1.25 ms, median = 1.2 ms, ' +
        'percentile(90%) = 1.4 ms\n' +
        '[I] GPU Compute Time: min = 1.0 ms, max = 2.0 ms, mean = 1.15 ms, median = 1.1 ms\n' +
        '&&&& PASSED TensorRT.trtexec',
    );
    expect(summary).toEqual({
      throughputQps: 812.5,
      latencyMs: { min: 1.1, max: 2.5, mean: 1.25, median: 1.2 },
      gpuComputeMeanMs: 1.15,
      passed: true,
    });
  });
});
