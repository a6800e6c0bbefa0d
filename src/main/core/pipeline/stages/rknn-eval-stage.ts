import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LETTERBOX_PRESETS, letterbox } from '../../data/letterbox';
import { loadDetectionDataset } from '../../data/load-dataset';
import type { RawTensor } from '../../detect/detection-types';
import { UserError } from '../../errors/user-error';
import { evaluateWithRunner } from '../../eval/evaluate-model';
import { loadOnnx, shapeOf } from '../../onnx/onnx-model';
import { readNpyFloat32, writeNpyUint8 } from '../../toolchains/npy-file';
import { rknnBackend, RknnOptionsSchema } from '../../toolchains/rknn-backend';
import { defineStageKind } from '../stage-kind';
import { ImageSelectionSchema, resolveIn, RknnTargetParam, selectImages, stageWorkDir, timeoutParam, toolRun } from './toolchain-stage';

/** NCHW float 0..1 (the evaluation core's letterbox) → NHWC uint8, the input rknn models take (mean/std live in the model). */
function toNhwcUint8(nchw: Float32Array, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w * 3);
  const plane = h * w;
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.max(0, Math.min(255, Math.round(nchw[c * plane + p] * 255)));
  return out;
}

/**
 * COCO AP of the quantized model as rknn runs it — on the simulator, or on a board (target/deviceId):
 * images are letterboxed here, run through `init_runtime` + `inference` in one toolkit process, and the
 * raw outputs are decoded (split heads, DFL) and scored by the workbench's own decoder and COCOeval.
 */
export const rknnEvalStage = defineStageKind({
  kind: 'rknn-eval',
  title: 'RKNN AP (simulator or board)',
  description: 'Runs the quantized model through rknn inference (simulator, or a board with target/deviceId) and computes COCO AP with the workbench decoder.',
  params: RknnOptionsSchema.extend({
    model: z.string().min(1).describe('the cut ONNX (rknn6/rknn9 outputs)'),
    calibration: ImageSelectionSchema,
    data: z.string().min(1),
    preset: z.enum(LETTERBOX_PRESETS).default('rknn-model-zoo'),
    limit: z.number().int().positive().optional(),
    target: RknnTargetParam.optional(),
    deviceId: z.string().min(1).optional(),
    timeoutSec: timeoutParam,
  }).strict(),
  async run(ctx, p) {
    const modelPath = resolveIn(ctx, p.model);
    const onnx = loadOnnx(modelPath);
    const [, , h, w] = shapeOf(onnx.graph.input[0]);
    if (typeof h !== 'number' || typeof w !== 'number') throw new UserError(`${modelPath}: the input needs a static 1×3×H×W shape`, 'Export with a fixed image size.', 'invalid_input');
    const outputNames = onnx.graph.output.map((o) => o.name);
    const ds = await loadDetectionDataset(resolveIn(ctx, p.data), { strict: true });
    const images = ds.images.slice(0, p.limit ?? ds.images.length);
    const workDir = await stageWorkDir(ctx, 'rknn-eval');
    await mkdir(path.join(workDir, 'inputs'), { recursive: true });
    const inputs: string[] = [];
    for (const [i, im] of images.entries()) {
      ctx.signal.throwIfAborted();
      const lb = await letterbox(im.path, { imgsz: { width: w, height: h }, preset: p.preset });
      const file = path.join(workDir, 'inputs', `${String(i).padStart(6, '0')}.npy`);
      await writeNpyUint8(file, toNhwcUint8(lb.data, h, w), [1, h, w, 3]);
      inputs.push(file);
      ctx.progress(i + 1, images.length, 'letterbox');
    }
    const outcome = await rknnBackend.boardRun(
      {
        source: { model: modelPath, options: { config: p.config, build: p.build }, calibrationImages: await selectImages(ctx, p.calibration), workDir },
        runtime: { target: p.target ?? null, device_id: p.deviceId ?? null },
        inference: { inputs, outDir: path.join(workDir, 'outputs') },
      },
      toolRun(ctx, p.timeoutSec),
    );
    if (outcome.outputs.length !== images.length) throw new UserError(`rknn inference returned ${outcome.outputs.length} results for ${images.length} images`, 'See the stage log.', 'failed');
    const byPath = new Map(images.map((im, i) => [im.path, outcome.outputs[i]]));
    const result = await evaluateWithRunner({
      dataset: { ...ds, images },
      imgsz: { width: w, height: h },
      preset: p.preset,
      head: 'split',
      signal: ctx.signal,
      run: async (_input, _dims, image): Promise<RawTensor[]> => {
        const files = byPath.get(image.path) ?? [];
        return Promise.all(files.map(async (f, k) => ({ name: outputNames[k] ?? `output${k}`, ...(await readNpyFloat32(f).then((t) => ({ dims: t.shape, data: t.data }))) })));
      },
      onProgress: (done, total) => ctx.progress(done, total, 'decode + COCOeval'),
    });
    const prefix = p.target ? 'board' : 'rknn_sim';
    ctx.workspace.metrics.set(ctx.runId, { [`${prefix}.map`]: result.stats[0], [`${prefix}.map50`]: result.stats[1], [`${prefix}.images`]: result.images });
    await ctx.workspace.artifacts.write(ctx.runId, `${prefix}-detections`, 'detections.json', JSON.stringify(result.detections));
    ctx.log(`${prefix}: AP ${result.stats[0].toFixed(4)}, AP50 ${result.stats[1].toFixed(4)} on ${result.images} images`);
  },
});
