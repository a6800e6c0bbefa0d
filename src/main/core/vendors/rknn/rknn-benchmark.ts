import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AdbCallOptions, AdbClient } from '../../board/adb-client';
import { BoardError } from '../../board/board-error';
import { shJoin, shQuote } from '../../board/shell-quote';

export interface BenchmarkStats {
  /** Per-run times after warm-up, in ms. */
  runsMs: number[];
  avgMs: number;
  minMs: number;
  maxMs: number;
  p50Ms: number;
  p90Ms: number;
  fps: number;
  runtimeVersion: string | null;
  driverVersion: string | null;
}

/** Folders where rknpu2's README tells users to put rknn_benchmark, and the usual PATH location. */
export const BENCHMARK_LOCATIONS = {
  linux: [
    '/usr/bin/rknn_benchmark',
    '/usr/local/bin/rknn_benchmark',
    '/userdata/rknn_benchmark_Linux/rknn_benchmark',
    '/userdata/rknn_benchmark',
  ],
  android: [
    '/vendor/bin/rknn_benchmark',
    '/data/rknn_benchmark_Android/rknn_benchmark',
    '/data/local/tmp/rknn_benchmark',
  ],
} as const;

const percentile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * Parses rknpu2/examples/rknn_benchmark output: `%4d: Elapse Time = %.2fms, FPS = %.2f` lines after
 * "Begin perf ..." (warm-up lines before it are ignored) and the `rknn_api/rknnrt version` line.
 */
export function parseBenchmarkOutput(text: string): BenchmarkStats | null {
  const perfAt = text.indexOf('Begin perf');
  if (perfAt < 0) return null;
  const runsMs = [...text.slice(perfAt).matchAll(/^\s*\d+: Elapse Time = ([\d.]+)ms/gm)].map((m) => Number(m[1]));
  if (runsMs.length === 0) return null;
  const sorted = [...runsMs].sort((a, b) => a - b);
  const avgMs = runsMs.reduce((a, b) => a + b, 0) / runsMs.length;
  const versions = /rknn_api\/rknnrt version: (.+?), driver version: (\S+)/.exec(text);
  return {
    runsMs,
    avgMs,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    fps: 1000 / avgMs,
    runtimeVersion: versions?.[1] ?? null,
    driverVersion: versions?.[2] ?? null,
  };
}

/** Explains a failed rknn_init in the user's terms (reference/rknn-toolkit2.md §3 messages). */
export function explainBenchmarkFailure(output: string): { message: string; hint: string } {
  const lines = output.split('\n').filter((l) => l.trim());
  const eLines = lines
    .filter((l) => /^E |rknn_init fail|error/i.test(l))
    .slice(0, 4)
    .join(' | ');
  if (/Invalid RKNN model version/.test(output))
    return {
      message: `the board's librknnrt is too old for this model (${eLines})`,
      hint: "Push the runtime matching your rknn-toolkit2 to the board: the workbench's runtime fix does it.",
    };
  if (/invalid RKNN_MAGIC|Invalid RKNN fromat/i.test(output))
    return {
      message: `the file is not a valid .rknn model (${eLines})`,
      hint: 'Export it again with rknn.export_rknn().',
    };
  if (/msg_load_ack fail|RKNN_ERR_MODEL_INVALID/.test(output))
    return {
      message: `the model does not match this board's SoC or runtime (${eLines})`,
      hint: "Convert it with this board's target_platform and a matching toolkit.",
    };
  if (/librknnrt\.so.*not found|cannot open shared object/i.test(output))
    return {
      message: `librknnrt.so is missing on the board (${eLines || lines[0]})`,
      hint: "Install the runtime on the board with the workbench's runtime fix, then run again.",
    };
  return {
    message: eLines || lines.slice(-2).join(' | ') || 'no output',
    hint: 'See the stage log for the full benchmark output.',
  };
}

export interface BenchmarkRun {
  serial: string;
  os: 'linux' | 'android';
  /** Local .rknn file. */
  modelPath: string;
  /** Folder on the board for the model and the benchmark's rt_output*.npy files. */
  remoteDir: string;
  /** A local rknn_benchmark build to push; otherwise one already on the board is used. */
  benchmarkBinary?: string;
  loops: number;
  /** RK3588 core mask (0 auto, 1/2/4 one core, 3 two, 7 all). */
  coreMask: number;
  log?: (text: string) => void;
}

/** Pushes the model (and the benchmark when given), runs rknn_benchmark on the board and parses its timings. */
export async function runBoardBenchmark(
  adb: AdbClient,
  run: BenchmarkRun,
  options: AdbCallOptions = {},
): Promise<BenchmarkStats & { output: string }> {
  const log = run.log ?? (() => undefined);
  const sh = (command: string, doing: string, timeoutMs?: number) =>
    adb.shell(run.serial, command, doing, { ...options, timeoutMs: timeoutMs ?? options.timeoutMs });
  const mk = await sh(`mkdir -p ${shQuote(run.remoteDir)}`, `creating ${run.remoteDir}`);
  if (mk.exitCode !== 0)
    throw new BoardError(
      `Board ${run.serial}: cannot create ${run.remoteDir}: ${(mk.stderr || mk.stdout).trim()}`,
      'Choose a writable remoteDir (e.g. /userdata/npu-workbench or /data/local/tmp/npu-workbench).',
      'command_failed',
    );
  const remoteModel = `${run.remoteDir}/${path.basename(run.modelPath)}`;
  const pushed = await adb.push(run.serial, run.modelPath, remoteModel, options);
  log(`pushed ${run.modelPath} → ${remoteModel} (${pushed.bytes} bytes in ${pushed.seconds.toFixed(2)} s)`);

  let benchmark: string;
  if (run.benchmarkBinary) {
    if (!(await stat(run.benchmarkBinary).catch(() => null)))
      throw new BoardError(
        `${run.benchmarkBinary}: rknn_benchmark binary not found`,
        'Build rknpu2/examples/rknn_benchmark for the board and give its path.',
        'command_failed',
      );
    benchmark = `${run.remoteDir}/rknn_benchmark`;
    await adb.push(run.serial, run.benchmarkBinary, benchmark, options);
    await sh(`chmod 755 ${shQuote(benchmark)}`, 'making rknn_benchmark executable');
  } else {
    const found = await sh(
      `ls -d ${shJoin([...BENCHMARK_LOCATIONS[run.os]])} 2>/dev/null`,
      'looking for rknn_benchmark',
    );
    const hit = found.stdout
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean);
    if (!hit) {
      throw new BoardError(
        `rknn_benchmark is not on board ${run.serial} (looked in ${BENCHMARK_LOCATIONS[run.os].join(', ')})`,
        'Build rknpu2/examples/rknn_benchmark (build-linux.sh / build-android.sh) and set ' +
          '`benchmark: <local path>` in the stage, or measure with the rknn backend (eval_perf).',
        'command_failed',
      );
    }
    benchmark = hit;
  }
  log(`$ cd ${run.remoteDir} && ${benchmark} ${path.basename(remoteModel)} '' ${run.loops} ${run.coreMask}`);
  // The input argument is empty so rknn_benchmark feeds zeros; latency does not depend on the data.
  const result = await sh(
    `cd ${shQuote(run.remoteDir)} && ${shJoin([benchmark, remoteModel, '', String(run.loops), String(run.coreMask)])}`,
    'running rknn_benchmark',
    60_000 + run.loops * 2000,
  );
  const output = `${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`;
  const stats = result.exitCode === 0 ? parseBenchmarkOutput(result.stdout) : null;
  if (!stats) {
    const why = explainBenchmarkFailure(output);
    throw new BoardError(
      `rknn_benchmark on board ${run.serial} failed (exit ${result.exitCode}): ${why.message}`,
      why.hint,
      'command_failed',
    );
  }
  return { ...stats, output };
}
