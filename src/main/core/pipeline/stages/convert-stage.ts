import { z } from 'zod';
import type { Backend } from '../../toolchains/backend';
import { defineStageKind, type ReplayContext, type StageKind } from '../stage-kind';
import {
  ImageSelectionSchema,
  resolveIn,
  selectImages,
  stageWorkDir,
  storeConvertOutcome,
  timeoutParam,
  toolRun,
} from './toolchain-stage';

/** The params every `convert-<vendor>` stage takes besides the backend's own option blocks. */
export interface ConvertParams {
  model: string;
  out: string;
  calibration?: z.output<typeof ImageSelectionSchema>;
  timeoutSec?: number;
}

/** A vendor's `convert-<vendor>` stage: model + out + calibration + the backend's option blocks. */
export interface ConvertStageSpec<S extends z.ZodObject> {
  kind: string;
  backend: Backend;
  optionsSchema: S;
  description: string;
  /** The vendor command lines that redo the conversion; side files are in `ctx.workDir(backend.id)`. */
  replay(params: ConvertParams & z.output<S>, ctx: ReplayContext): string[];
}

/** One `convert-<vendor>` stage kind for a backend; its work folder is named after the backend id. */
export function convertStage<S extends z.ZodObject>(spec: ConvertStageSpec<S>): StageKind<unknown> {
  const { backend } = spec;
  const params = spec.optionsSchema.extend({
    model: z.string().min(1),
    out: z.string().min(1),
    calibration: ImageSelectionSchema.optional(),
    timeoutSec: timeoutParam,
  });
  return defineStageKind({
    kind: spec.kind,
    title: `Convert: ${backend.title}`,
    description: spec.description,
    params,
    async run(ctx, p) {
      const { model, out, calibration, timeoutSec, ...options } = p as ConvertParams & Record<string, unknown>;
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
    replay: (p, ctx) => spec.replay(p as ConvertParams & z.output<S>, ctx),
  });
}
