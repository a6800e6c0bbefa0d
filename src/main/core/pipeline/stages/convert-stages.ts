import { z } from 'zod';
import { atcBackend, AtcOptionsSchema } from '../../toolchains/atc-backend';
import type { Backend } from '../../toolchains/backend';
import { rknnBackend, RknnOptionsSchema } from '../../toolchains/rknn-backend';
import { tensorRtBackend, TensorRtOptionsSchema } from '../../toolchains/tensorrt-backend';
import { defineStageKind, type StageKind } from '../stage-kind';
import { ImageSelectionSchema, resolveIn, selectImages, stageWorkDir, storeConvertOutcome, timeoutParam, toolRun } from './toolchain-stage';

/** One `convert-<backend>` stage kind per backend: model + out + calibration + the backend's own option blocks. */
function convertStage<S extends z.ZodObject>(backend: Backend, optionsSchema: S, description: string, calibrationRequired: boolean): StageKind<unknown> {
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
      const { model, out, calibration, timeoutSec, ...options } = p as { model: string; out: string; calibration?: z.output<typeof ImageSelectionSchema>; timeoutSec?: number };
      const images = calibration ? await selectImages(ctx, calibration) : [];
      if (images.length) ctx.log(`${images.length} calibration images from ${calibration!.images}`);
      const qdq = (options as { qdqModel?: string }).qdqModel;
      if (qdq) Object.assign(options, { qdqModel: resolveIn(ctx, qdq) });
      const outcome = await backend.convert({ model: resolveIn(ctx, model), out: resolveIn(ctx, out), calibrationImages: images, workDir: await stageWorkDir(ctx, backend.id), options }, toolRun(ctx, timeoutSec));
      await storeConvertOutcome(ctx, outcome);
    },
  });
}

export const convertRknnStage = convertStage(rknnBackend, RknnOptionsSchema, 'rknn-toolkit2: config() → load_onnx → build(dataset.txt) → export_rknn.', false);
export const convertAtcStage = convertStage(atcBackend, AtcOptionsSchema, 'HiSilicon SVP ATC: ONNX → .om with an --image_list calibration, optional calibration_param.txt overrides.', false);
export const convertTrtStage = convertStage(tensorRtBackend, TensorRtOptionsSchema, 'trtexec: engine build with per-layer precision and latency (TensorRT ≥ 11: int8 from a QDQ ONNX).', false);
