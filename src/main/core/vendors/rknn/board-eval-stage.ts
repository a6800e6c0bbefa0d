import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { RKNN_TARGET_PLATFORMS } from './rknn-options';
import { LETTERBOX_PRESETS } from '../../data/letterbox';
import { HEAD_KINDS, type HeadKind } from '../../detect/detection-types';
import { UserError } from '../../errors/user-error';
import { VariantSchema } from '../../../../shared/contract/evaluation-schemas';
import { recordEvaluation } from '../../eval/record-evaluation';
import { defineStageKind } from '../../pipeline/stage-kind';
import { timeoutParam } from '../../pipeline/stages/toolchain-stage';
import { resolvePython } from '../../toolchains/python-locate';
import { storeRknnAp } from './rknn-ap-outputs';
import { rknnBackend } from './rknn-backend';
import { prepareBoardToolRun } from './board/board-tool-run';
import { evaluateOnBoard } from '../../board/board-eval';

const Imgsz = z.union([
  z.number().int().min(32).max(4096),
  z.tuple([z.number().int().min(32).max(4096), z.number().int().min(32).max(4096)]),
]);

/**
 * Board AP: checks the board (doctor), letterboxes the dataset, runs the .rknn on the board through
 * rknn-toolkit2 (`init_runtime(target, device_id)` + `inference`), decodes and scores with the same
 * COCOeval as the host. Stores board.map / board.map50 / board.map75 and per-class board AP.
 */
export const boardEvalStage = defineStageKind({
  kind: 'board-eval',
  title: 'Board AP',
  description:
    'Runs the .rknn on the board via rknn-toolkit2 over adb and computes COCO AP with the host decoder; ' +
    'the board is checked first (runtime versions, rknn_server, target).',
  params: z
    .object({
      model: z.string().min(1).describe('a built .rknn'),
      data: z.string().min(1).describe('dataset: images folder with labels/, data.yaml or COCO json'),
      images: z.string().min(1).optional(),
      imgsz: Imgsz.default(640),
      preset: z.enum(LETTERBOX_PRESETS).default('ultralytics'),
      conf: z.number().min(0).max(1).optional(),
      iou: z.number().min(0).max(1).optional(),
      maxDet: z.number().int().positive().optional(),
      head: z.enum(['auto', ...HEAD_KINDS] as [string, ...string[]]).optional(),
      limit: z.number().int().positive().optional(),
      serial: z.string().min(1).optional(),
      /** What the .rknn is, for the AP ledger (fp16, w8a8, w8a16, hybrid, …): a .rknn does not say. */
      variant: VariantSchema.default('w8a8'),
      /** Tensors the .rknn keeps float16 (with variant hybrid), recorded with its AP. */
      keepFloat: z.array(z.string().min(1)).default([]),
      /** rknn target platform; default: the SoC the board reports. */
      target: z.enum(RKNN_TARGET_PLATFORMS).optional(),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, p) {
    const model = path.resolve(ctx.baseDir, p.model);
    ctx.progress(0, 1, 'checking the board');
    const { report, run } = await prepareBoardToolRun(
      ctx.settings,
      {
        python: resolvePython(ctx.settings),
        signal: ctx.signal,
        timeoutMs: p.timeoutSec ? p.timeoutSec * 1000 : undefined,
        onLog: (t, s) => ctx.log(t, s),
      },
      { serial: p.serial, modelPath: model, targetPlatform: p.target },
      (t, s) => ctx.log(t, s),
    );
    const target = p.target ?? (RKNN_TARGET_PLATFORMS as readonly string[]).find((t) => t === report.soc);
    if (!target)
      throw new UserError(
        `Board ${report.serial} reports SoC ${report.soc ?? 'unknown'}, which rknn-toolkit2 does not target`,
        `Set target: (one of ${RKNN_TARGET_PLATFORMS.join(', ')}) in the stage.`,
        'invalid_input',
      );
    const imgsz =
      typeof p.imgsz === 'number' ? { width: p.imgsz, height: p.imgsz } : { width: p.imgsz[0], height: p.imgsz[1] };
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'npu-wb-board-eval-'));
    try {
      const result = await evaluateOnBoard({
        dataset: path.resolve(ctx.baseDir, p.data),
        imagesDir: p.images ? path.resolve(ctx.baseDir, p.images) : undefined,
        imgsz,
        preset: p.preset,
        conf: p.conf,
        iou: p.iou,
        maxDet: p.maxDet,
        head: p.head as HeadKind | 'auto' | undefined,
        limit: p.limit,
        workDir,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total, 'images'),
        onStage: (m) => ctx.log(m),
        infer: async (inputs, outDir) => {
          const outcome = await rknnBackend.boardRun(
            {
              rknnFile: model,
              runtime: { target: target as (typeof RKNN_TARGET_PLATFORMS)[number], device_id: report.serial },
              inference: { inputs, outDir },
            },
            run,
          );
          return outcome.outputs;
        },
      });
      for (const w of result.warnings) ctx.log(`warning: ${w}`, 'stderr');
      await recordEvaluation(
        { ...ctx, stageKind: 'board-eval' },
        {
          model: { path: model },
          variant: p.variant,
          variantDetail: { configured: true, ...(p.keepFloat.length ? { keepFloat: p.keepFloat } : {}) },
          label: `${p.variant} .rknn`,
          runtime: 'rknn-board',
          runtimeDetail: { serial: report.serial, soc: report.soc ?? null, target },
          dataset: result.datasetFingerprint,
          datasetName: path.resolve(ctx.baseDir, p.data),
          preprocess: { preset: p.preset, imgsz: `${imgsz.width}x${imgsz.height}` },
          thresholds: result.thresholds,
        },
        result,
      );
      await storeRknnAp(ctx, 'board', result);
      ctx.log(
        `board ${report.serial} (${target}): ` +
          `mAP50-95 ${result.map.toFixed(4)}  mAP50 ${result.map50.toFixed(4)} on ${result.images} images`,
      );
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  },
});
