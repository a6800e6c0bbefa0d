import { z } from 'zod';
import { atcBackend, AtcOptionsSchema } from '../../vendors/atc/atc-backend';
import type { Backend } from '../../toolchains/backend';
import { rknnBackend, RknnOptionsSchema } from '../../vendors/rknn/rknn-backend';
import { compareWithPolygraphy, tensorRtBackend, TensorRtOptionsSchema } from '../../vendors/tensorrt/tensorrt-backend';
import { defineStageKind, type StageKind } from '../stage-kind';
import {
  ImageSelectionSchema,
  resolveIn,
  selectImages,
  stageWorkDir,
  storeConvertOutcome,
  timeoutParam,
  toolRun,
} from './toolchain-stage';

/** One `convert-<backend>` stage kind per backend: model + out + calibration + the backend's own option blocks. */
function convertStage<S extends z.ZodObject>(
  backend: Backend,
  optionsSchema: S,
  description: string,
  calibrationRequired: boolean,
): StageKind<unknown> {
  const params = optionsSchema.extend({
    model: z.string().min(1),
    out: z.string().min(1),
    calibration: calibrationRequired ? ImageSelectionSchema : ImageSelectionSchema.optional(),
    timeoutSec: timeoutParam,
  });
  return defineStageKind({
    kind: `convert-${backend.id === 'tensorrt' ? 'trt' : backend.id}`,
    title: `Convert: ${backend.title}`,
    description,
    params,
    async run(ctx, p) {
      const { model, out, calibration, timeoutSec, ...options } = p as {
        model: string;
        out: string;
        calibration?: z.output<typeof ImageSelectionSchema>;
        timeoutSec?: number;
      };
      const images = calibration ? await selectImages(ctx, calibration) : [];
      if (images.length) ctx.log(`${images.length} calibration images from ${calibration!.images}`);
      const qdq = (options as { qdqModel?: string }).qdqModel;
      if (qdq) Object.assign(options, { qdqModel: resolveIn(ctx, qdq) });
      const outcome = await backend.convert(
        {
          model: resolveIn(ctx, model),
          out: resolveIn(ctx, out),
          calibrationImages: images,
          workDir: await stageWorkDir(ctx, backend.id),
          options,
        },
        toolRun(ctx, timeoutSec),
      );
      await storeConvertOutcome(ctx, outcome);
    },
  });
}

export const convertRknnStage = convertStage(
  rknnBackend,
  RknnOptionsSchema,
  'rknn-toolkit2: config() → load_onnx → build(dataset.txt) → export_rknn.',
  false,
);
export const convertAtcStage = convertStage(
  atcBackend,
  AtcOptionsSchema,
  'HiSilicon SVP ATC: ONNX → .om with an --image_list calibration, optional calibration_param.txt overrides.',
  false,
);
export const convertTrtStage = convertStage(
  tensorRtBackend,
  TensorRtOptionsSchema,
  'trtexec: engine build with per-layer precision and latency (TensorRT ≥ 11: int8 from a QDQ ONNX).',
  false,
);

/** TensorRT vs onnxruntime with Polygraphy (when installed): per-output max/mean error and the pass rate. */
export const compareTrtStage = defineStageKind({
  kind: 'compare-trt',
  title: 'Compare TensorRT vs ONNX (Polygraphy)',
  description: 'polygraphy run --trt --onnxrt: per-output absolute/relative error and pass rate, stored as metrics.',
  params: z
    .object({
      model: z.string().min(1),
      atol: z.number().nonnegative().default(1e-3),
      rtol: z.number().nonnegative().default(1e-3),
      trtFlags: z.array(z.string().regex(/^--[A-Za-z][\w-]*(=\S+)?$/)).default([]),
      executable: z.string().default('polygraphy'),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, p) {
    const result = await compareWithPolygraphy(
      {
        model: resolveIn(ctx, p.model),
        atol: p.atol,
        rtol: p.rtol,
        trtFlags: p.trtFlags,
        executable: p.executable,
        cwd: await stageWorkDir(ctx, 'polygraphy'),
      },
      toolRun(ctx, p.timeoutSec),
    );
    const metrics: Record<string, number> = { 'trt_compare.pass_rate': result.passRate ?? 0 };
    for (const o of result.outputs) {
      if (o.absMax !== null) metrics[`trt_compare.${o.name}.abs_max`] = o.absMax;
      if (o.relMax !== null) metrics[`trt_compare.${o.name}.rel_max`] = o.relMax;
      ctx.log(`${o.name}: ${o.passed ? 'PASSED' : 'FAILED'} (max |Δ| ${o.absMax ?? '?'}, max rel ${o.relMax ?? '?'})`);
    }
    ctx.workspace.metrics.set(ctx.runId, metrics);
  },
});
