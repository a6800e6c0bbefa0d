import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAdb, type FakeAdbSetup } from '../../../../../test/fakes/fake-adb-harness';
import { fakeRknnBenchmarkBinary, linuxRk3588 } from '../../../../../test/fakes/fake-boards';
import { fakeRknnFile } from '../../../../../test/fakes/fake-rknn-model';
import { tempDir } from '../../../../../test/support/temp-workspace';
import { type BenchmarkRun, parseBenchmarkOutput, runBoardBenchmark } from './rknn-benchmark';

const SAMPLE = `rknn_api/rknnrt version: 2.3.2 (429f97ae6b@2025-04-09T09:09:27), driver version: 0.9.6
model input num: 1, output num: 9
Warmup ...
   0: Elapse Time = 30.10ms, FPS = 33.22
   1: Elapse Time = 19.00ms, FPS = 52.63
Begin perf ...
   0: Elapse Time = 18.00ms, FPS = 55.56
   1: Elapse Time = 20.00ms, FPS = 50.00
   2: Elapse Time = 19.00ms, FPS = 52.63
   3: Elapse Time = 23.00ms, FPS = 43.48

Avg Time 20.00ms, Avg FPS = 50.000

`;

describe('parseBenchmarkOutput', () => {
  it('reads per-run times after warm-up and the runtime versions', () => {
    expect(parseBenchmarkOutput(SAMPLE)).toEqual({
      runsMs: [18, 20, 19, 23],
      avgMs: 20,
      minMs: 18,
      maxMs: 23,
      p50Ms: 19,
      p90Ms: 23,
      fps: 50,
      runtimeVersion: '2.3.2 (429f97ae6b@2025-04-09T09:09:27)',
      driverVersion: '0.9.6',
    });
  });

  it('returns null when the benchmark never reached the timed runs', () => {
    expect(parseBenchmarkOutput('rknn_init fail! ret=-1\n')).toBeNull();
  });
});

describe('runBoardBenchmark through the real adb client', () => {
  let fake: FakeAdbSetup;
  const dir = tempDir('npu-wb-bench-');
  const benchmark = path.join(dir, 'rknn_benchmark');
  writeFileSync(benchmark, fakeRknnBenchmarkBinary(), { mode: 0o755 });
  const model = fakeRknnFile(path.join(dir, 'yolov8n.rknn'), 'rk3588');
  const withBench = linuxRk3588('BENCH1', {}, { files: { '/usr/bin/rknn_benchmark': fakeRknnBenchmarkBinary() } });

  beforeAll(async () => {
    fake = await startFakeAdb([
      withBench,
      linuxRk3588('PLAIN1'),
      linuxRk3588('OLDRT1', { server: '1.5.2', runtime: '1.5.2' }),
    ]);
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  /** One benchmark run on a Linux board: 3 loops, auto core mask, into /tmp/wb unless a test says otherwise. */
  const bench = (serial: string, run: Partial<BenchmarkRun> = {}) =>
    runBoardBenchmark(fake.adb, {
      serial,
      os: 'linux',
      modelPath: model,
      remoteDir: '/tmp/wb',
      loops: 3,
      coreMask: 0,
      ...run,
    });

  it('uses the rknn_benchmark already on the board and parses its timings', async () => {
    const stats = await bench('BENCH1', { remoteDir: '/userdata/npu wb', loops: 8 });
    expect(stats.runsMs).toHaveLength(8);
    expect(stats.minMs).toBeLessThanOrEqual(stats.p50Ms);
    expect(stats.avgMs).toBeCloseTo(stats.runsMs.reduce((a, b) => a + b, 0) / 8, 6);
    expect(stats.runtimeVersion).toBe('2.3.2');
    expect(withBench.files.has('/userdata/npu wb/yolov8n.rknn')).toBe(true);
    expect(withBench.files.has('/userdata/npu wb/rt_output0.npy')).toBe(true);
  });

  it('pushes a local rknn_benchmark when the board has none', async () => {
    const stats = await bench('PLAIN1', { benchmarkBinary: benchmark, coreMask: 1 });
    expect(stats.runsMs).toHaveLength(3);
  });

  it('says where it looked when there is no benchmark', async () => {
    await expect(bench('PLAIN1', { remoteDir: '/tmp/wb2' })).rejects.toThrow(
      /rknn_benchmark is not on board PLAIN1 \(looked in \/usr\/bin\/rknn_benchmark, /,
    );
  });

  it('explains a runtime too old for the model', async () => {
    const error = await bench('OLDRT1', { benchmarkBinary: benchmark }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /rknn_benchmark on board OLDRT1 failed \(exit 255\): the board's librknnrt is too old for this model \(.*Invalid RKNN model version 6/,
    );
    expect((error as { hint: string }).hint).toMatch(/runtime matching your rknn-toolkit2/);
  });

  it('explains a file that is not an RKNN model', async () => {
    const bad = path.join(dir, 'not-a-model.rknn');
    writeFileSync(bad, 'ONNX garbage');
    await expect(bench('BENCH1', { modelPath: bad })).rejects.toThrow(
      /not a valid \.rknn model \(.*invalid RKNN_MAGIC/,
    );
  });
});
