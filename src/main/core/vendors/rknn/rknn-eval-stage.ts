import path from 'node:path';
import { z } from 'zod';
import { evaluateOnBoard } from '../../board/board-eval';
import { LETTERBOX_PRESETS } from '../../data/letterbox';
import { UserError } from '../../errors/user-error';
import { HEAD_KINDS } from '../../detect/detection-types';
import { headHintOf } from '../../eval/model-session';
import { loadOnnx, shapeOf } from '../../onnx/onnx-model';
import { describeKeep, recordEvaluation } from '../../eval/record-evaluation';
import { type HybridFiles, rknnBackend, RknnOptionsSchema } from './rknn-backend';
import { storeRknnAp } from './rknn-ap-outputs';
import { rknnVariant } from './rknn-variant';
import { defineStageKind } from '../../pipeline/stage-kind';
import {
  ImageSelectionSchema,
  resolveDemoIn,
  selectImages,
  stageWorkDir,
  timeoutParam,
  toolRun,
} from '../../pipeline/stages/toolchain-stage';

/**
 * COCO AP of the quantized model as the rknn simulator runs it (before any board exists): the toolkit
 * builds from the ONNX and runs `init_runtime()` + `inference` in one process; letterbox, decoder and
 * COCOeval are the workbench's own (the same batch path as `board-eval`, which runs a built .rknn on a board).
 */
export const rknnEvalStage = defineStageKind({
  kind: 'rknn-eval',
  title: 'RKNN simulator AP',
  description:
    'Builds with rknn-toolkit2 and runs its simulator on a dataset; ' +
    'COCO AP from the workbench decoder (use board-eval for a board).',
  params: RknnOptionsSchema.extend({
    model: z.string().min(1).describe('the ONNX to build (a cut rknn6/rknn9 head, or `demo`)'),
    calibration: ImageSelectionSchema,
    data: z.string().min(1),
    preset: z.enum(LETTERBOX_PRESETS).default('rknn-model-zoo'),
    /** The decoder; auto picks it from the outputs (and the note surgery leaves in a cut model). */
    head: z.enum([...HEAD_KINDS, 'auto']).default('auto'),
    limit: z.number().int().positive().optional(),
    /**
     * Tensors kept float16 (hybrid quantization): the model is rebuilt through hybrid_quantization_step1 →
     * custom_quantize_layers → step2 in the toolkit process that then runs the simulator.
     */
    keepFloat: z.array(z.string().min(1)).default([]),
    timeoutSec: timeoutParam,
  }).strict(),
  gives: 'the rknn simulator column',
  async run(ctx, p) {
    const modelPath = await resolveDemoIn(ctx, p.model, 'model');
    const model = loadOnnx(modelPath);
    const [, , height, width] = shapeOf(model.graph.input[0]);
    if (typeof height !== 'number' || typeof width !== 'number')
      throw new UserError(
        `${modelPath}: the input needs a static 1×3×H×W shape`,
        'Export with a fixed image size.',
        'invalid_input',
      );
    const workDir = await stageWorkDir(ctx, 'rknn-eval');
    const source = {
      model: modelPath,
      options: { config: p.config, build: p.build },
      calibrationImages: await selectImages(ctx, p.calibration),
      workDir,
    };
    const run = toolRun(ctx, p.timeoutSec);
    let hybrid: HybridFiles | undefined;
    if (p.keepFloat.length) {
      ctx.log(`hybrid: keeping ${p.keepFloat.length} tensor(s) float16 (${p.keepFloat.join(', ')})`);
      hybrid = await rknnBackend.hybridStep1(source, run);
      await rknnBackend.applyCustomLayers(
        hybrid,
        Object.fromEntries(p.keepFloat.map((t) => [t, 'float16' as const])),
        model.graph.input.map((i) => i.name),
      );
    }
    const dataset = await resolveDemoIn(ctx, p.data, 'data');
    const result = await evaluateOnBoard({
      dataset,
      imgsz: { width, height },
      preset: p.preset,
      head: p.head,
      headHint: headHintOf(model),
      limit: p.limit,
      workDir: path.join(workDir, 'io'),
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total),
      onStage: (message) => ctx.log(message.replace('on the board', 'on the rknn simulator')),
      infer: async (inputs, outDir) =>
        (await rknnBackend.boardRun({ source, hybrid, runtime: { target: null }, inference: { inputs, outDir } }, run))
          .outputs,
    });
    const variant = hybrid ? 'hybrid' : rknnVariant(p);
    await recordEvaluation(
      { ...ctx, stageKind: 'rknn-eval' },
      {
        model: { path: modelPath },
        variant,
        variantDetail: {
          configured: true,
          ...(hybrid && { base: rknnVariant(p), keepFloat: p.keepFloat, precision: 'float16' }),
        },
        label: hybrid ? `${rknnVariant(p)} + ${describeKeep(p.keepFloat, 'float16')}` : variant,
        runtime: 'rknn-sim',
        runtimeDetail: { target_platform: p.config.target_platform ?? null },
        dataset: result.datasetFingerprint,
        datasetName: dataset,
        preprocess: { preset: p.preset, imgsz: `${width}x${height}` },
        thresholds: result.thresholds,
      },
      result,
    );
    await storeRknnAp(ctx, 'rknn_sim', result);
    ctx.log(
      `rknn simulator: AP ${result.stats[0].toFixed(4)}, AP50 ${result.stats[1].toFixed(4)} on ${result.images} images`,
    );
  },
});
