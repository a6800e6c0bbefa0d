import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { asGiven } from '../option-blocks';
import { RknnBuildSchema, RknnConfigSchema, RknnRuntimeSchema } from './rknn-options';
import type { NewLayerError } from '../../store/layer-errors-repo';
import { pythonScript } from '../../workspace/resources-dir';
import { type Backend, type ConvertOutcome, type ToolRun, withToolCause } from '../../toolchains/backend';
import { type DriverResult, runPythonDriver } from '../../toolchains/python-driver';
import { type ErrorAnalysis, overflowLayers, parseErrorAnalysis, toLayerErrors } from './rknn-error-analysis';
import { parseRknnPerf, type RknnPerf } from './rknn-perf';
import {
  checkDtypeChanged,
  modelCustomLayers,
  type DtypeCheck,
  type HybridDtype,
  parseQuantizationCfg,
  setCustomLayers,
  validateCustomLayers,
} from './rknn-quantization-cfg';
import { UserError } from '../../errors/user-error';
import { loadOnnx } from '../../onnx/onnx-model';

/** The rknn-toolkit2 driver in resources/python (it runs in the user's Python, JSON lines on stdout). */
export const RKNN_DRIVER = 'rknn_driver.py';

/**
 * Options of the RKNN backend as they appear in a stage: `config:` and `build:` blocks (only what differs from
 * defaults).
 */
export const RknnOptionsSchema = z
  .object({
    config: asGiven(RknnConfigSchema).default({}),
    build: asGiven(RknnBuildSchema).default({}),
  })
  .strict();
export type RknnOptions = z.output<typeof RknnOptionsSchema>;

export interface RknnSource {
  model: string;
  options: RknnOptions;
  calibrationImages: string[];
  workDir: string;
}

/** rknn `dataset.txt`: one sample per line (a single-input model: one image path per line). */
export async function writeDatasetTxt(images: string[], file: string): Promise<string> {
  if (images.length === 0)
    throw new UserError(
      'No calibration images were selected',
      'Point calibration.images at a folder of images or a list file (20–200 images).',
      'invalid_input',
    );
  const bad = images.find((p) => /\s/.test(p));
  if (bad)
    throw new UserError(
      `Calibration image path contains whitespace: ${bad}`,
      'rknn dataset.txt separates the inputs of one sample with spaces; move or rename the images.',
      'invalid_input',
    );
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${images.join('\n')}\n`);
  return file;
}

async function drive(config: Record<string, unknown>, run: ToolRun): Promise<DriverResult> {
  try {
    return await runPythonDriver({
      python: run.python,
      script: pythonScript(RKNN_DRIVER),
      config,
      signal: run.signal,
      timeoutMs: run.timeoutMs,
      env: run.env,
      onLog: run.onLog,
      onMessage: (m) => m.type === 'progress' && run.onProgress?.(m.done, m.total, m.message ?? m.stage),
    });
  } catch (error) {
    throw withToolCause(error, 'rknn-toolkit2');
  }
}

/** The driver config for "config + load_onnx + build" (a built model lives only inside that one process). */
async function sourceConfig(source: RknnSource): Promise<Record<string, unknown>> {
  const build = { do_quantization: true, ...source.options.build };
  const dataset = build.do_quantization
    ? await writeDatasetTxt(source.calibrationImages, path.join(source.workDir, 'dataset.txt'))
    : null;
  return { model: source.model, config: source.options.config, build, dataset };
}

export interface AccuracyRequest extends RknnSource {
  /** Images (jpg/png/bmp/npy) to analyse; rknn uses them as they are. */
  inputs: string[];
  outputDir: string;
  /** Board: `target` (e.g. rk3588) and an adb serial or IP:port. Without target: the simulator. */
  target?: string | null;
  deviceId?: string | null;
  /** Analyse a hybrid model (step 2 files) instead of a plain build. */
  hybrid?: { model: string; data: string; cfg: string };
}

export interface AccuracyOutcome {
  analysis: ErrorAnalysis;
  vendorSim: NewLayerError[];
  board: NewLayerError[] | null;
  errorAnalysisFile: string;
  overflow: string[];
}

export interface HybridFiles {
  model: string;
  data: string;
  cfg: string;
}

export interface BoardRunRequest {
  /** A built .rknn file (board only), or a source to build in-process. */
  rknnFile?: string;
  source?: RknnSource;
  /**
   * With `source`: hybrid step 2 files to build from instead of build(): the toolkit cannot run a loaded
   * .rknn in its simulator, so a hybrid model is rebuilt through step 2 in the same process, then run.
   */
  hybrid?: HybridFiles;
  /** `target: null` runs the rknn simulator (only with `source`: a load_rknn model needs a board). */
  runtime: Partial<z.input<typeof RknnRuntimeSchema>>;
  perf?: boolean;
  memory?: boolean;
  /** NHWC .npy inputs; outputs are written as .npy per input into outDir. */
  inference?: { inputs: string[]; outDir: string };
}

export interface BoardRunOutcome {
  perf: RknnPerf | null;
  perfText: string | null;
  memory: Record<string, number> | null;
  sdkVersion: string | null;
  outputs: string[][];
}

/**
 * rknn-toolkit2 through `resources/python/rknn_driver.py`, using only the documented 2.3.2 API.
 * Entry points for other areas: `accuracyAnalysis` (simulator or board) and `boardRun` (init_runtime +
 * eval_perf / eval_memory / inference, for board AP through our decoder and COCOeval).
 */
export const rknnBackend: Backend<RknnOptions> & {
  accuracyAnalysis(request: AccuracyRequest, run: ToolRun): Promise<AccuracyOutcome>;
  hybridStep1(source: RknnSource, run: ToolRun): Promise<HybridFiles>;
  applyCustomLayers(files: HybridFiles, layers: Record<string, HybridDtype>, inputNames?: string[]): Promise<void>;
  hybridStep2(
    files: HybridFiles,
    source: RknnSource,
    out: string,
    analysisInputs: string[],
    run: ToolRun,
  ): Promise<{ out: string; accuracy: AccuracyOutcome; dtypeChecks: DtypeCheck[] }>;
  boardRun(request: BoardRunRequest, run: ToolRun): Promise<BoardRunOutcome>;
} = {
  id: 'rknn',
  title: 'Rockchip RKNN (rknn-toolkit2)',
  optionsSchema: RknnOptionsSchema,

  async convert(request, run): Promise<ConvertOutcome> {
    const options = RknnOptionsSchema.parse(request.options);
    const source = {
      model: request.model,
      options,
      calibrationImages: request.calibrationImages,
      workDir: request.workDir,
    };
    const outcome = await drive({ ...(await sourceConfig(source)), export: request.out }, run);
    return {
      model: request.out,
      artifacts: outcome.artifacts,
      metrics: {
        'rknn.calibration_images': options.build.do_quantization === false ? 0 : request.calibrationImages.length,
      },
      notes: [
        `target_platform ${options.config.target_platform ?? 'None (RK3566/RK3568 only)'}, ` +
          `${options.config.quantized_dtype ?? 'w8a8'}, ${options.config.quantized_algorithm ?? 'normal'}`,
      ],
    };
  },

  async accuracyAnalysis(request, run) {
    const base = request.hybrid
      ? { model: request.model, config: request.options.config, hybrid_step2: request.hybrid }
      : await sourceConfig(request);
    await mkdir(request.outputDir, { recursive: true });
    await drive(
      {
        ...base,
        accuracy: {
          inputs: request.inputs,
          output_dir: request.outputDir,
          target: request.target ?? null,
          device_id: request.deviceId ?? null,
        },
      },
      run,
    );
    const file = path.join(request.outputDir, 'error_analysis.txt');
    const analysis = parseErrorAnalysis(await readFile(file, 'utf8'), file);
    const graph = loadOnnx(request.model).graph;
    const producers = new Map(graph.node.flatMap((n) => n.output.map((o): [string, string] => [o, n.name ?? o])));
    return {
      analysis,
      vendorSim: toLayerErrors(analysis, 'vendor-sim', producers),
      board: request.target && analysis.hasRuntime ? toLayerErrors(analysis, 'board', producers) : null,
      errorAnalysisFile: file,
      overflow: overflowLayers(analysis),
    };
  },

  async hybridStep1(source, run) {
    const dataset = await writeDatasetTxt(source.calibrationImages, path.join(source.workDir, 'dataset.txt'));
    const outcome = await drive(
      { model: source.model, config: source.options.config, dataset, hybrid_step1: {}, work_dir: source.workDir },
      run,
    );
    const files = outcome.result.hybrid_step1 as { model: string; data: string; 'quantization.cfg': string };
    return { model: files.model, data: files.data, cfg: files['quantization.cfg'] };
  },

  async applyCustomLayers(files, layers, inputNames = []) {
    const text = await readFile(files.cfg, 'utf8');
    const issues = validateCustomLayers(parseQuantizationCfg(text, files.cfg), layers, inputNames);
    if (issues.length)
      throw new UserError(
        `${files.cfg}: ${issues.map((i) => i.message).join('; ')}`,
        'Use output tensor names from the accuracy analysis table (not inputs), with dtype float16.',
        'invalid_input',
      );
    await writeFile(files.cfg, setCustomLayers(text, layers));
  },

  async hybridStep2(files, source, out, analysisInputs, run) {
    const layers = parseQuantizationCfg(await readFile(files.cfg, 'utf8'), files.cfg).customLayers;
    await drive({ model: source.model, config: source.options.config, hybrid_step2: files, export: out }, run);
    const accuracy = await rknnBackend.accuracyAnalysis(
      { ...source, inputs: analysisInputs, outputDir: path.join(source.workDir, 'snapshot-hybrid'), hybrid: files },
      run,
    );
    const record = modelCustomLayers(await readFile(out).catch(() => Buffer.alloc(0)));
    return { out, accuracy, dtypeChecks: checkDtypeChanged(layers, accuracy.analysis, record) };
  },

  async boardRun(request, run) {
    const base = request.rknnFile
      ? { rknn_file: request.rknnFile }
      : request.source && request.hybrid
        ? { model: request.source.model, config: request.source.options.config, hybrid_step2: request.hybrid }
        : request.source
          ? await sourceConfig(request.source)
          : null;
    if (!base) throw new UserError('boardRun needs an .rknn file or a model source', undefined, 'invalid_input');
    const runtime = RknnRuntimeSchema.parse({
      ...request.runtime,
      eval_mem: request.runtime.eval_mem ?? request.memory ?? false,
    });
    const outcome = await drive(
      {
        ...base,
        runtime,
        sdk_version: true,
        perf: request.perf ?? false,
        memory: request.memory ?? false,
        inference: request.inference
          ? { inputs: request.inference.inputs, out_dir: request.inference.outDir, data_format: 'nhwc' }
          : null,
      },
      run,
    );
    const r = outcome.result;
    const perfText = typeof r.perf_text === 'string' ? r.perf_text : null;
    return {
      perf: perfText ? parseRknnPerf(perfText) : null,
      perfText,
      memory: (r.memory as Record<string, number> | undefined) ?? null,
      sdkVersion: typeof r.sdk_version === 'string' ? r.sdk_version : null,
      outputs: (r.inference as string[][] | undefined) ?? [],
    };
  },
};
