import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { asGiven } from '../option-blocks';
import { TRT11_REMOVED_FLAGS, TrtexecFlagsSchema } from './trtexec-options';
import { UserError } from '../../errors/user-error';
import type { Backend, ConvertOutcome, ToolRun } from '../../toolchains/backend';
import { type PolygraphyComparison, parsePolygraphyLog } from './polygraphy-log';
import { runTool } from '../../toolchains/tool-process';
import {
  type EngineLayer,
  parseTrtConsole,
  parseTrtLayerInfo,
  parseTrtProfile,
  parseTrtVersion,
  type TrtVersion,
} from './trtexec-reports';

export const TensorRtOptionsSchema = z
  .object({
    flags: asGiven(TrtexecFlagsSchema).default({}),
    /**
     * A QDQ ONNX (from the workbench's int8 simulator) to build instead of the float model: TensorRT ≥ 11 takes int8
     * only this way.
     */
    qdqModel: z.string().optional(),
    executable: z.string().default('trtexec'),
  })
  .strict();
export type TensorRtOptions = z.output<typeof TensorRtOptionsSchema>;

const HINT = "Install TensorRT and put its bin/ (with trtexec) on PATH, or set the stage's executable: option.";

/** `--flag` for true booleans, `--flag=value` otherwise; false/undefined flags are left out. */
export function trtexecArgs(flags: Record<string, unknown>): string[] {
  return Object.entries(flags).flatMap(([k, v]) =>
    v === true ? [`--${k}`] : v === false || v === undefined || v === null ? [] : [`--${k}=${String(v)}`],
  );
}

/** The flags every build passes (engine, per-layer info and profile for the report), then the stage's own. */
export function trtexecBuildFlags(
  onnx: string,
  engine: string,
  reports: { layerInfo: string; profile: string },
  flags: Record<string, unknown>,
): Record<string, unknown> {
  return {
    onnx,
    saveEngine: engine,
    exportLayerInfo: reports.layerInfo,
    exportProfile: reports.profile,
    profilingVerbosity: 'detailed',
    separateProfileRun: true,
    ...flags,
  };
}

/** Reads the version from trtexec's banner (`--help` prints it and exits 0). */
export async function detectTrtVersion(executable: string, run: Omit<ToolRun, 'python'>): Promise<TrtVersion> {
  const { lines } = await runTool(executable, ['--help'], {
    env: run.env,
    signal: run.signal,
    timeoutMs: 30_000,
    hint: HINT,
  });
  const version = parseTrtVersion(lines.join('\n'));
  if (!version)
    throw new UserError(
      `${executable} --help did not print a [TensorRT vNNNN] banner`,
      'Check that this is NVIDIA trtexec.',
      'failed',
    );
  return version;
}

/** trtexec: version-aware flags (TensorRT 11 is strongly typed), engine, per-layer precision and latency. */
export const tensorRtBackend: Backend<TensorRtOptions> = {
  id: 'tensorrt',
  title: 'NVIDIA TensorRT (trtexec)',
  optionsSchema: TensorRtOptionsSchema,

  async convert(request, run): Promise<ConvertOutcome> {
    const options = TensorRtOptionsSchema.parse(request.options);
    await mkdir(request.workDir, { recursive: true });
    await mkdir(path.dirname(request.out), { recursive: true });
    const version = await detectTrtVersion(options.executable, run);
    const notes = [`TensorRT ${version.text}`];
    const flags: Record<string, unknown> = { ...options.flags };
    if (version.major >= 11) {
      const removed = TRT11_REMOVED_FLAGS.filter((f) => flags[f] !== undefined && flags[f] !== false);
      if (removed.length) {
        throw new UserError(
          `TensorRT ${version.text} is strongly typed and no longer accepts ${removed.map((f) => `--${f}`).join(', ')}`,
          "Remove the precision flags; for int8 give qdqModel: a QDQ ONNX written by the workbench's int8 simulation.",
          'invalid_input',
        );
      }
    } else if (flags.int8 && !flags.calib && !options.qdqModel) {
      notes.push(
        "warning: --int8 without --calib or a QDQ model uses trtexec's dummy ±2/±4 ranges — not a real calibration",
      );
    }
    const onnx = options.qdqModel ?? request.model;
    if (!existsSync(onnx))
      throw new UserError(`ONNX model not found: ${onnx}`, 'Check the model/qdqModel path.', 'invalid_input');
    const layerInfo = path.join(request.workDir, 'layers.json');
    const profile = path.join(request.workDir, 'profile.json');
    const args = trtexecArgs(trtexecBuildFlags(onnx, request.out, { layerInfo, profile }, flags));
    run.onProgress?.(0, 1, 'trtexec');
    const { lines } = await runTool(options.executable, args, { ...run, cwd: request.workDir, hint: HINT });
    const summary = parseTrtConsole(lines.join('\n'));
    if (!existsSync(request.out))
      throw new UserError(`trtexec finished but wrote no engine at ${request.out}`, 'Check the trtexec log.', 'failed');
    const layers: EngineLayer[] = existsSync(layerInfo)
      ? parseTrtLayerInfo(await readFile(layerInfo, 'utf8'), layerInfo)
      : [];
    const prof = existsSync(profile)
      ? parseTrtProfile(await readFile(profile, 'utf8'), profile)
      : { iterations: null, layers: [] };
    const metrics: Record<string, number> = { 'trt.version_major': version.major };
    if (summary.latencyMs) metrics['trt.latency_mean_ms'] = summary.latencyMs.mean;
    if (summary.throughputQps !== null) metrics['trt.throughput_qps'] = summary.throughputQps;
    if (summary.gpuComputeMeanMs !== null) metrics['trt.gpu_compute_mean_ms'] = summary.gpuComputeMeanMs;
    const counts: Record<string, number> = {};
    for (const l of layers) if (l.precision) counts[l.precision] = (counts[l.precision] ?? 0) + 1;
    for (const [p, n] of Object.entries(counts)) metrics[`trt.layers_${p}`] = n;
    notes.push(
      `${layers.length} engine layers (${
        Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'no precision info'
      }); ${prof.layers.length} profiled`,
    );
    return {
      model: request.out,
      artifacts: [
        { kind: 'trt-engine', path: request.out },
        ...[
          ['trt-layer-info', layerInfo],
          ['trt-profile', profile],
        ]
          .filter(([, p]) => existsSync(p))
          .map(([kind, p]) => ({ kind, path: p })),
      ],
      metrics,
      notes,
    };
  },
};

export interface TrtCompareRequest {
  model: string;
  atol: number;
  rtol: number;
  /** Extra builder flags for the TensorRT side (e.g. --fp16 on TensorRT ≤ 10). */
  trtFlags: string[];
  executable: string;
  cwd: string;
}

/**
 * `polygraphy run MODEL --trt --onnxrt`: TensorRT vs onnxruntime on the same inputs. A mismatch is a
 * result (exit code 1 with a summary), not a crash; no summary line means polygraphy itself failed.
 */
export async function compareWithPolygraphy(
  request: TrtCompareRequest,
  run: Omit<ToolRun, 'python'>,
): Promise<PolygraphyComparison> {
  const args = [
    'run',
    request.model,
    '--trt',
    '--onnxrt',
    '--atol',
    String(request.atol),
    '--rtol',
    String(request.rtol),
    ...request.trtFlags,
  ];
  const { lines } = await runTool(request.executable, args, {
    ...run,
    cwd: request.cwd,
    okExitCodes: [0, 1],
    hint: 'pip install polygraphy (with tensorrt) in the environment on PATH, or set executable:.',
  });
  const comparison = parsePolygraphyLog(lines.join('\n'));
  if (comparison.iterations === null)
    throw new UserError(
      `polygraphy finished without an "Accuracy Summary" line`,
      'See the stage log: the TensorRT or onnxruntime runner probably failed to build.',
      'failed',
    );
  return comparison;
}
