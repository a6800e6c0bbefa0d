import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AnalysisSummary } from '../../../../shared/contract/analysis-contract';
import { HeadKindSchema, PreprocessOverridesSchema } from '../../../../shared/contract/eval-contract';
import { ensureDemoDataset } from '../../data/demo-dataset';
import { listImages } from '../../data/image-decode';
import { modelInfoOf } from '../../eval/model-session';
import { demoModelPath } from '../../eval/run-evaluation';
import { LETTERBOX_PRESETS } from '../../data/letterbox';
import { UserError } from '../../errors/user-error';
import { loadOnnx } from '../../onnx/onnx-model';
import { analyseModel } from '../../quant/analyse-model';
import { assertKeepFloat } from '../../quant/keep-float-check';
import { CALIB_ALGOS } from '../../quant/calibrators';
import { formatModelExplorerNodeData, formatRknnErrorTable } from '../../quant/layer-report';
import { QUANT_DTYPES } from '../../quant/precision-plan';
import { WEIGHT_METHODS } from '../../quant/weight-quant';
import { imageInputSpec, letterboxFeeds, sampleFiles } from '../../runtime/image-feeds';
import { defineStageKind, type StageContext } from '../stage-kind';
import { checkDeclaredHead, createApEvaluator } from './analyse-ap';
import { recordAnalysisAps } from './analyse-records';

export const ANALYSIS_SUMMARY_KIND = 'analysis-summary';

export const AnalyseParamsSchema = z
  .object({
    /** `demo` (here, in calib and in data) names the embedded demo project. */
    model: z.string().min(1),
    /** Folder of calibration images (searched recursively); `demo`: the demo train split. */
    calib: z.string().min(1),
    /** Validation dataset for AP (data.yaml, COCO json, YOLO folder, or `demo`); without it no AP/proposal. */
    data: z.string().min(1).optional(),
    preset: z.enum(LETTERBOX_PRESETS).default('ultralytics'),
    /** The output layout (head) for AP, as in the eval stage: picks among the decoders the output shapes fit. */
    head: z.enum(['auto', ...HeadKindSchema.options]).default('auto'),
    /** Options overriding the preset's, as in the eval stage. */
    preprocess: PreprocessOverridesSchema.strict().optional(),
    dtype: z.enum(QUANT_DTYPES).default('w8a8'),
    algo: z.enum(CALIB_ALGOS).default('normal'),
    method: z.enum(WEIGHT_METHODS).default('channel'),
    activationType: z.enum(['int8', 'uint8']).default('int8'),
    keepFloat: z.array(z.string().min(1)).default([]),
    /** Precision the proposal raises tensors to (int16 only with w8a8). */
    hybridPrecision: z.enum(['float16', 'int16']).default('float16'),
    apBudget: z.number().min(0).max(1).default(0.01),
    maxFloatFraction: z.number().gt(0).max(1).default(0.1),
    candidates: z.number().int().min(1).max(1000).default(12),
    calibCount: z.number().int().min(1).max(100000).default(100),
    /** Images the per-layer errors are averaged over (taken from the calibration sample). */
    analysisCount: z.number().int().min(1).max(10000).default(8),
    evalCount: z.number().int().min(1).optional(),
    threads: z.number().int().min(0).max(256).optional(),
    seed: z.number().int().default(0),
  })
  .strict();
export type AnalyseParams = z.output<typeof AnalyseParamsSchema>;

async function calibrationFiles(dir: string, count: number, seed: number): Promise<string[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new UserError(
      `${dir}: calibration folder not found`,
      'Give a folder of calibration images (20–200 typical images, like rknn dataset.txt).',
      'invalid_input',
      'calib',
    );
  const files = await listImages(dir);
  if (files.length === 0)
    throw new UserError(
      `${dir}: no images (jpg, png, bmp, webp, tif)`,
      'Put calibration images in the folder.',
      'invalid_input',
    );
  return sampleFiles(files, count, seed);
}

export const analyseStage = defineStageKind({
  kind: 'analyse',
  title: 'Quantization analysis (built-in simulator)',
  description:
    'Calibrates, builds a QDQ fake-quant model, measures per-layer error (entire/single) and, with a dataset, ' +
    'AP float/int8 and a hybrid keep-float proposal.',
  params: AnalyseParamsSchema,
  async run(ctx: StageContext, p: AnalyseParams) {
    const started = performance.now();
    const modelPath = p.model === 'demo' ? demoModelPath() : path.resolve(ctx.baseDir, p.model);
    const model = loadOnnx(modelPath);
    assertKeepFloat(model, p.keepFloat, modelPath);
    const input = imageInputSpec(model, modelPath);
    const info = p.data ? modelInfoOf(model, modelPath) : null;
    const head = p.head !== 'auto' ? p.head : undefined;
    if (info) checkDeclaredHead(model, input, info.headHint, head);
    const calibDir = p.calib === 'demo' ? path.join(await ensureDemoDataset(), 'images', 'train') : p.calib;
    const files = await calibrationFiles(path.resolve(ctx.baseDir, calibDir), p.calibCount, p.seed);
    const calib = letterboxFeeds(files, input, p.preset, p.preprocess);
    const samples = letterboxFeeds(files.slice(0, p.analysisCount), input, p.preset, p.preprocess);
    const threads = p.threads ?? (ctx.settings.threads || undefined);
    const ap = p.data
      ? await createApEvaluator({
          data: p.data === 'demo' ? await ensureDemoDataset() : path.resolve(ctx.baseDir, p.data),
          preset: p.preset,
          preprocess: p.preprocess,
          input,
          model: info ?? undefined,
          head,
          count: p.evalCount,
          threads,
          signal: ctx.signal,
          log: (t) => ctx.log(t),
        })
      : null;
    ctx.log(
      `model ${modelPath} (${input.name} ${input.width}×${input.height}), ${files.length} calibration images, ` +
        `${p.dtype} ${p.algo} ${p.method}`,
    );
    const result = await analyseModel(model, calib, samples, ap?.evaluate ?? null, {
      dtype: p.dtype,
      algo: p.algo,
      weightMethod: p.method,
      activationType: p.activationType,
      keepFloat: p.keepFloat,
      hybridPrecision: p.hybridPrecision,
      apBudget: p.apBudget,
      maxFloatFraction: p.maxFloatFraction,
      candidates: p.candidates,
      threads,
      signal: ctx.signal,
      progress: (phase, done, total) => ctx.progress(done, total, phase),
      log: (t) => ctx.log(t),
    });
    const { workspace, runId } = ctx;
    workspace.layerErrors.replace(runId, 'sim', result.layers);
    const stem = path.basename(modelPath, '.onnx');
    await workspace.artifacts.write(runId, 'qdq-model', `${stem}.${p.dtype}.qdq.onnx`, result.qdqModel);
    if (result.hybridModel)
      await workspace.artifacts.write(
        runId,
        'qdq-model-hybrid',
        `${stem}.${p.dtype}.hybrid.qdq.onnx`,
        result.hybridModel,
      );
    await workspace.artifacts.write(runId, 'error-analysis', 'error_analysis.txt', formatRknnErrorTable(result.layers));
    await workspace.artifacts.write(
      runId,
      'model-explorer',
      'node_data.json',
      formatModelExplorerNodeData(result.layers),
    );
    const seconds = (performance.now() - started) / 1000;
    const summary: AnalysisSummary = {
      model: modelPath,
      dtype: p.dtype,
      algo: p.algo,
      method: p.method,
      keepFloat: p.keepFloat,
      calibImages: files.length,
      evalImages: ap?.count ?? 0,
      ap: result.ap,
      proposal: result.proposal && {
        keepFloat: result.proposal.keepFloat,
        precision: p.dtype === 'w8a8' ? p.hybridPrecision : 'float16',
        keepInt16: result.proposal.keepInt16,
        withinBudget: result.proposal.withinBudget,
        apBudget: p.apBudget,
        evaluations: result.proposal.evaluations,
        ...result.proposal.formats,
        sensitivity: result.proposal.sensitivity,
        search: result.proposal.search,
      },
      seconds,
    };
    if (result.proposal)
      await workspace.artifacts.write(
        runId,
        'rknn-custom-layers',
        'custom_quantize_layers.yaml',
        `${result.proposal.formats.rknnCustomQuantizeLayers}\n`,
      );
    await workspace.artifacts.write(
      runId,
      ANALYSIS_SUMMARY_KIND,
      'analysis.json',
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    const metrics: Record<string, number> = { analysis_seconds: seconds, layers: result.tensors.length };
    if (result.ap)
      Object.assign(metrics, {
        ap_float: result.ap.float,
        ap_quant: result.ap.quant,
        ap_hybrid: result.ap.hybrid,
        keep_float: result.proposal?.keepFloat.length ?? 0,
      });
    workspace.metrics.set(runId, metrics);
    if (ap)
      await recordAnalysisAps({ ...ctx, stageKind: 'analyse' }, ap.measurements, {
        modelPath,
        dtype: p.dtype,
        userKeep: p.keepFloat,
        proposedKeep: result.proposal?.keepFloat ?? null,
        precision: p.dtype === 'w8a8' ? p.hybridPrecision : 'float16',
        apBudget: p.apBudget,
      });
  },
});
