import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { prepareBoardToolRun } from './board/board-tool-run';
import { UserError } from '../../errors/user-error';
import { loadOnnx } from '../../onnx/onnx-model';
import { rknnBackend, RknnOptionsSchema, type RknnSource } from './rknn-backend';
import { HYBRID_DTYPES } from './rknn-quantization-cfg';
import { defineStageKind, type StageContext } from '../../pipeline/stage-kind';
import { convertStage } from '../../pipeline/stages/convert-stage';
import {
  ImageSelectionSchema,
  resolveIn,
  selectImages,
  stageWorkDir,
  timeoutParam,
  toolRun,
} from '../../pipeline/stages/toolchain-stage';
import { RKNN_CORE_MASKS, RknnTargetParam } from './rknn-options';
import { replayAccuracy, replayBoard, replayConvert, replayHybrid } from './rknn-replay';

export const convertRknnStage = convertStage({
  kind: 'convert-rknn',
  backend: rknnBackend,
  optionsSchema: RknnOptionsSchema,
  description: 'rknn-toolkit2: config() → load_onnx → build(dataset.txt) → export_rknn.',
  replay: replayConvert,
});

const sourceParams = RknnOptionsSchema.extend({
  model: z.string().min(1),
  calibration: ImageSelectionSchema,
  /** Images to analyse (accuracy_analysis inputs); default: the first calibration image. */
  inputs: ImageSelectionSchema.optional(),
  timeoutSec: timeoutParam,
});

async function source(
  ctx: StageContext,
  p: z.output<typeof sourceParams>,
  kind: string,
): Promise<{ src: RknnSource; inputs: string[] }> {
  const calibrationImages = await selectImages(ctx, p.calibration);
  const inputs = p.inputs ? await selectImages(ctx, p.inputs) : calibrationImages.slice(0, 1);
  const workDir = await stageWorkDir(ctx, kind);
  // Kept for `runs export-script`, which replays the analysis on the same images.
  await writeFile(path.join(workDir, 'analysis_inputs.txt'), `${inputs.join('\n')}\n`);
  return {
    src: { model: resolveIn(ctx, p.model), options: { config: p.config, build: p.build }, calibrationImages, workDir },
    inputs,
  };
}

export const rknnAccuracyStage = defineStageKind({
  kind: 'rknn-accuracy',
  title: 'RKNN accuracy analysis',
  description:
    'accuracy_analysis on the rknn simulator, or on a board with target (+ deviceId; the board doctor checks it ' +
    'first); error_analysis.txt goes to the layer error table (vendor-sim, board).',
  params: sourceParams.extend({ target: RknnTargetParam.optional(), deviceId: z.string().min(1).optional() }).strict(),
  async run(ctx, p) {
    let run = toolRun(ctx, p.timeoutSec);
    let deviceId = p.deviceId;
    if (p.target) {
      const board = await prepareBoardToolRun(
        ctx.settings,
        run,
        { serial: p.deviceId, targetPlatform: p.config.target_platform ?? p.target },
        (t, s) => ctx.log(t, s),
      );
      run = board.run;
      deviceId = board.report.serial;
    }
    const { src, inputs } = await source(ctx, p, 'rknn-accuracy');
    const outcome = await rknnBackend.accuracyAnalysis(
      { ...src, inputs, outputDir: path.join(src.workDir, 'snapshot'), target: p.target, deviceId },
      run,
    );
    ctx.workspace.layerErrors.replace(ctx.runId, 'vendor-sim', outcome.vendorSim);
    if (outcome.board) ctx.workspace.layerErrors.replace(ctx.runId, 'board', outcome.board);
    if (outcome.overflow.length) ctx.log(`fp16 overflow (inf) in: ${outcome.overflow.join(', ')}`, 'stderr');
    const worst = [...outcome.vendorSim]
      .filter((r) => r.cosSingle !== null)
      .sort((a, b) => a.cosSingle! - b.cosSingle!)
      .slice(0, 5);
    ctx.log(
      `${outcome.vendorSim.length} layers; lowest single cosine: ` +
        worst.map((r) => `${r.tensor} ${r.cosSingle}`).join(', '),
    );
    await ctx.workspace.artifacts.importFile(ctx.runId, 'rknn-error-analysis', outcome.errorAnalysisFile);
  },
  replay: (p, ctx) => replayAccuracy(p, ctx, 'rknn-accuracy'),
});

export const rknnHybridStage = defineStageKind({
  kind: 'rknn-hybrid',
  title: 'RKNN hybrid quantization',
  description:
    'hybrid_quantization_step1 → custom_quantize_layers (validated) → step 2 → export; ' +
    'then checks each layer really changed dtype.',
  params: sourceParams
    .extend({
      out: z.string().min(1),
      layers: z
        .record(z.string().min(1), z.enum(HYBRID_DTYPES))
        .refine((l) => Object.keys(l).length > 0, 'List at least one layer'),
      /** Fail the stage when a layer kept its dtype (rknn-toolkit2#360); set false to only warn. */
      requireDtypeChange: z.boolean().default(true),
    })
    .strict(),
  async run(ctx, p) {
    const { src, inputs } = await source(ctx, p, 'rknn-hybrid');
    const run = toolRun(ctx, p.timeoutSec);
    const files = await rknnBackend.hybridStep1(src, run);
    const inputNames = loadOnnx(src.model).graph.input.map((i) => i.name);
    await rknnBackend.applyCustomLayers(files, p.layers, inputNames);
    const result = await rknnBackend.hybridStep2(files, src, resolveIn(ctx, p.out), inputs, run);
    ctx.workspace.layerErrors.replace(ctx.runId, 'vendor-sim', result.accuracy.vendorSim);
    for (const kind of ['rknn-hybrid-cfg', 'rknn-model'] as const)
      await ctx.workspace.artifacts.importFile(ctx.runId, kind, kind === 'rknn-model' ? result.out : files.cfg);
    for (const c of result.dtypeChecks) {
      const evidence = c.evidence ? ` (${c.evidence}${c.signal ? `; decided by ${c.signal}` : ''})` : '';
      ctx.log(`${c.layer} → ${c.wanted}: ${c.status}${evidence}`);
    }
    const bad = result.dtypeChecks.filter((c) => c.status !== 'changed');
    ctx.workspace.metrics.set(ctx.runId, {
      'rknn.hybrid_layers': result.dtypeChecks.length,
      'rknn.hybrid_layers_changed': result.dtypeChecks.length - bad.length,
    });
    if (bad.length && p.requireDtypeChange) {
      throw new UserError(
        `After hybrid step 2, ${bad.map((c) => c.layer).join(', ')} did not change dtype`,
        'The toolkit may convert only a neighbouring op (rknn-toolkit2#360); ' +
          "pick the op's own output tensor from the analysis table.",
        'failed',
      );
    }
  },
  replay: (p, ctx) => replayHybrid(p, ctx, 'rknn-hybrid'),
});

export const rknnBoardStage = defineStageKind({
  kind: 'rknn-board',
  title: 'RKNN board run',
  description:
    'init_runtime on a board (target + deviceId; the board doctor checks it first) with eval_perf and eval_memory; ' +
    'latency and memory are stored as metrics.',
  params: z
    .object({
      model: z.string().min(1).describe('a built .rknn'),
      target: RknnTargetParam,
      deviceId: z.string().min(1).optional(),
      coreMask: z.enum(RKNN_CORE_MASKS).optional(),
      perfDebug: z.boolean().default(false),
      memory: z.boolean().default(true),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, p) {
    const rknnFile = resolveIn(ctx, p.model);
    const board = await prepareBoardToolRun(
      ctx.settings,
      toolRun(ctx, p.timeoutSec),
      { serial: p.deviceId, modelPath: rknnFile },
      (t, s) => ctx.log(t, s),
    );
    const outcome = await rknnBackend.boardRun(
      {
        rknnFile,
        runtime: {
          target: p.target,
          device_id: board.report.serial,
          core_mask: p.coreMask,
          perf_debug: p.perfDebug,
          eval_mem: p.memory,
        },
        perf: true,
        memory: p.memory,
      },
      board.run,
    );
    if (outcome.sdkVersion) ctx.log(outcome.sdkVersion.trim());
    const metrics: Record<string, number> = {};
    if (outcome.perf?.totalUs) metrics['board.latency_ms'] = outcome.perf.totalUs / 1000;
    for (const [k, v] of Object.entries(outcome.memory ?? {})) metrics[`board.${k}`] = v;
    ctx.workspace.metrics.set(ctx.runId, metrics);
    if (outcome.perfText) ctx.log(outcome.perfText);
  },
  replay: replayBoard,
});
