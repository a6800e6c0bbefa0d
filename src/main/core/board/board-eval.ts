import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DetectionDataset } from '../data/dataset-types';
import type { HeadKind } from '../detect/detection-types';
import type { Preprocess } from '../../../shared/contract/eval-contract';
import { letterbox, resolvePreprocess } from '../data/letterbox';
import { loadDetectionDataset } from '../data/load-dataset';
import { type EvaluateCommonOptions, type EvaluationResult, evaluateWithRunner } from '../eval/evaluate-model';
import { UserError } from '../errors/user-error';
import { readNpyFloat32, writeNpy } from './npy-file';

/** Runs every input (.npy, NHWC uint8) on the board in one session; returns each input's output .npy files. */
export type BoardInference = (inputs: string[], outDir: string) => Promise<string[][]>;

export interface BoardEvalOptions extends EvaluateCommonOptions {
  imgsz: { width: number; height: number };
  /** Scratch folder for the input and output .npy files. */
  workDir: string;
  infer: BoardInference;
  onStage?: (message: string) => void;
  /** The decoder the model's metadata names (`head: auto` picks among those the outputs fit). */
  headHint?: HeadKind;
}

/**
 * Back to the raw 0–255 pixels the letterbox normalised ((byte − mean) / std, data/letterbox.ts): the board gets
 * those and normalizes with the model's mean/std.
 */
function toNhwcUint8(nchw: Float32Array, width: number, height: number, px: Preprocess): Uint8Array {
  const plane = width * height;
  const out = new Uint8Array(plane * 3);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < plane; i++)
      out[i * 3 + c] = Math.max(0, Math.min(255, Math.round(nchw[c * plane + i] * px.std[c] + px.mean[c])));
  return out;
}

/**
 * Board AP: the same letterbox, decoder, NMS and COCOeval as the host evaluation, with the board as
 * the runtime. Inputs go to the board in one batch (a toolkit board session costs seconds to open),
 * then the evaluation loop replays the board's outputs image by image.
 */
export async function evaluateOnBoard(opts: BoardEvalOptions): Promise<EvaluationResult> {
  const preset = opts.preset ?? 'ultralytics';
  const ds: DetectionDataset =
    typeof opts.dataset === 'string'
      ? await loadDetectionDataset(opts.dataset, { strict: opts.strict ?? true, imagesDir: opts.imagesDir })
      : opts.dataset;
  const images = ds.images.slice(0, opts.limit ?? ds.images.length);
  const inputDir = path.join(opts.workDir, 'inputs');
  await mkdir(inputDir, { recursive: true });
  const inputs: { id: number; file: string }[] = [];
  for (const [index, image] of images.entries()) {
    opts.signal?.throwIfAborted();
    let boxed;
    try {
      boxed = await letterbox(image.path, { imgsz: opts.imgsz, preset });
    } catch (error) {
      if ((opts.strict ?? true) || !(error instanceof UserError)) throw error;
      continue; // the evaluation pass skips it again and records the warning
    }
    const file = path.join(inputDir, `${index}.npy`);
    await writeNpy(
      file,
      '|u1',
      [1, opts.imgsz.height, opts.imgsz.width, 3],
      toNhwcUint8(boxed.data, opts.imgsz.width, opts.imgsz.height, resolvePreprocess(preset)),
    );
    inputs.push({ id: image.id, file });
    opts.onProgress?.(index + 1, images.length * 2);
  }
  opts.onStage?.(`running ${inputs.length} images on the board`);
  const outputs = await opts.infer(
    inputs.map((i) => i.file),
    path.join(opts.workDir, 'outputs'),
  );
  if (outputs.length !== inputs.length)
    throw new UserError(
      `The board returned outputs for ${outputs.length} of ${inputs.length} images`,
      'See the stage log for the toolkit output.',
      'failed',
    );
  const byId = new Map(inputs.map((input, i) => [input.id, outputs[i]]));
  return evaluateWithRunner({
    ...opts,
    dataset: ds,
    preset,
    onProgress: (done, total) => opts.onProgress?.(total + done, total * 2),
    run: async (_input, _dims, image) => {
      const files = byId.get(image.id);
      if (!files)
        throw new UserError(`${image.path}: no board output`, 'See the stage log for the toolkit output.', 'failed');
      return Promise.all(files.map((f) => readNpyFloat32(f)));
    },
  });
}
