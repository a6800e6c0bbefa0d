import path from 'node:path';
import { z } from 'zod';
import { defineStageKind } from '../../pipeline/stage-kind';
import { AdbClient } from '../../board/adb-client';
import { resolveAdbTarget } from '../../board/adb-locate';
import { boardPreflight } from './board/board-preflight';
import { runBoardBenchmark } from './rknn-benchmark';

/**
 * Latency of a `.rknn` on the board with the runtime's own rknn_benchmark (rknpu2/examples): the
 * model is pushed over adb, run `loops` times after warm-up, and the timings are stored with the run
 * as metrics (board.benchmark_ms mean, _p50, _p90, _min, _max, board.benchmark_fps) plus the benchmark's output;
 * the toolkit's eval_perf (stage rknn-board) stores board.latency_ms instead.
 */
export const boardLatencyStage = defineStageKind({
  kind: 'board-latency',
  title: 'Board latency',
  description:
    'Pushes the .rknn to the board over adb and measures its latency with rknn_benchmark; ' +
    'stores latency metrics with the run.',
  params: z
    .object({
      model: z.string().min(1),
      serial: z.string().min(1).optional(),
      loops: z.number().int().min(1).max(10_000).default(50),
      coreMask: z.number().int().min(0).max(7).default(0),
      /** Local rknn_benchmark build to push; when omitted one already on the board is used. */
      benchmark: z.string().min(1).optional(),
      remoteDir: z.string().regex(/^\//, 'must be an absolute path on the board').optional(),
      timeoutSec: z
        .number()
        .positive()
        .max(24 * 3600)
        .optional(),
    })
    .strict(),
  async run(ctx, params) {
    const adb = new AdbClient(resolveAdbTarget(ctx.settings));
    const modelPath = path.resolve(ctx.baseDir, params.model);
    const options = { signal: ctx.signal, timeoutMs: params.timeoutSec ? params.timeoutSec * 1000 : undefined };
    ctx.progress(0, 3, 'probing the board');
    const facts = await boardPreflight(
      ctx.settings,
      { ...options, serial: params.serial, modelPath, toolkitVersion: null, blocking: false },
      (t, s) => ctx.log(t, s),
    );
    const remoteDir =
      params.remoteDir ??
      (facts.os === 'android'
        ? '/data/local/tmp/npu-workbench'
        : facts.dumpDir?.startsWith('/userdata')
          ? '/userdata/npu-workbench'
          : '/tmp/npu-workbench');
    ctx.progress(1, 3, 'running rknn_benchmark');
    const stats = await runBoardBenchmark(
      adb,
      {
        serial: facts.serial,
        os: facts.os === 'android' ? 'android' : 'linux',
        modelPath,
        remoteDir,
        benchmarkBinary: params.benchmark ? path.resolve(ctx.baseDir, params.benchmark) : undefined,
        loops: params.loops,
        coreMask: params.coreMask,
        log: (text) => ctx.log(text),
      },
      options,
    );
    ctx.progress(2, 3, 'storing results');
    ctx.workspace.metrics.set(ctx.runId, {
      'board.benchmark_ms': stats.avgMs,
      'board.benchmark_ms_p50': stats.p50Ms,
      'board.benchmark_ms_p90': stats.p90Ms,
      'board.benchmark_ms_min': stats.minMs,
      'board.benchmark_ms_max': stats.maxMs,
      'board.benchmark_fps': stats.fps,
    });
    await ctx.workspace.artifacts.write(ctx.runId, 'board-benchmark-log', 'rknn_benchmark.txt', stats.output);
    ctx.log(
      `latency on ${facts.serial}: mean ${stats.avgMs.toFixed(2)} ms, p50 ${stats.p50Ms.toFixed(2)} ms, ` +
        `p90 ${stats.p90Ms.toFixed(2)} ms over ${stats.runsMs.length} runs (${stats.fps.toFixed(1)} FPS)`,
    );
    ctx.progress(3, 3, 'done');
  },
});
