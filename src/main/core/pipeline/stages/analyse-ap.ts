import type { PreprocessOverrides } from '../../../../shared/contract/eval-contract';
import type { DatasetImage } from '../../data/dataset-types';
import type { LetterboxPreset, LetterboxResult } from '../../data/letterbox';
import { loadDetectionDataset } from '../../data/load-dataset';
import { type EvaluationResult, evaluateWithRunner } from '../../eval/evaluate-model';
import { sha256Bytes } from '../../eval/record-evaluation';
import type { ModelEvaluator } from '../../quant/analyse-model';
import type { HeadKind } from '../../detect/detection-types';
import type { ModelInfo } from '../../eval/model-session';
import { type ImageInputSpec, imageFeeds } from '../../runtime/image-feeds';
import { withExtraOutputs } from '../../onnx/graph-clone';
import { decodeOnnx, encodeOnnx, isIntegerValue, type OnnxModel, shapeOf } from '../../onnx/onnx-model';
import { checkHeadFits, detectHeadKind, type OutputShape } from '../../detect/head-shapes';
import { createSession, type Feeds, rawTensor } from '../../runtime/ort-session';
import * as ort from 'onnxruntime-node';

export interface ApEvaluatorOptions {
  data: string;
  preset: LetterboxPreset;
  preprocess?: PreprocessOverrides;
  input: ImageInputSpec;
  /** What the model's metadata says (class names, the decoder hint, NMS-free), as eval reads it. */
  model?: Pick<ModelInfo, 'classNames' | 'headHint' | 'endToEnd'>;
  /** The output layout (head), when the shapes fit several decoders. */
  head?: HeadKind;
  /** First N validation images (default all). */
  count?: number;
  threads?: number;
  signal?: AbortSignal;
  log?: (text: string) => void;
}

/** One AP the analysis measured, kept (without its detections) for the AP ledger. */
export interface ApMeasurement {
  label: string;
  /** Tensors left float in the scored model; null for the float model itself. */
  keepFloat: string[] | null;
  modelSha256: string;
  result: Omit<EvaluationResult, 'detections'>;
}

/**
 * The decoder check eval makes on the first image's outputs, made on the graph's declared output shapes before
 * calibration, so a layout no decoder fits (or several fit without a head) fails at once rather than after the
 * analysis. Shapes the graph leaves dynamic wait for the AP run.
 */
export function checkDeclaredHead(model: OnnxModel, input: ImageInputSpec, hint?: HeadKind, head?: HeadKind): void {
  const outputs = model.graph.output.map((o) => ({ name: o.name, dims: shapeOf(o), integer: isIntegerValue(o) }));
  if (outputs.some((o) => o.dims.length === 0 || o.dims.some((d) => typeof d !== 'number'))) return;
  const declared = outputs as OutputShape[];
  const ctx = { inputWidth: input.width, inputHeight: input.height };
  if (head) checkHeadFits(declared, ctx, head);
  else detectHeadKind(declared, ctx, hint);
}

/**
 * AP@[.5:.95] of float or fake-quant model bytes on the validation subset, through the evaluation
 * engine's runner loop (same letterbox, decode, NMS and COCOeval as `npu-workbench eval`). Fake-quant
 * sessions run with optimisations off, like the per-layer analysis, so AP and the table describe
 * the same numbers.
 */
export async function createApEvaluator(
  o: ApEvaluatorOptions,
): Promise<{ evaluate: ModelEvaluator; count: number; measurements: ApMeasurement[] }> {
  const dataset = await loadDetectionDataset(o.data, { strict: true });
  const count = Math.min(o.count ?? dataset.images.length, dataset.images.length);
  const measurements: ApMeasurement[] = [];
  // Every AP run scores the same images: letterbox them once (when they fit in 512 MB)
  const inputBytes = count * 3 * o.input.width * o.input.height * 4;
  const letterboxCache = inputBytes <= 512e6 ? new Map<string, LetterboxResult>() : undefined;
  const captured = new Map<number, Map<string, ort.Tensor>>();
  const evaluate: ModelEvaluator = async (model, label, keepFloat, io) => {
    const capture = io?.capture ?? [];
    const bytes = io?.suffix ?? (capture.length ? encodeOnnx(withExtraOutputs(decodeOnnx(model), capture)) : model);
    const session = await createSession(
      bytes,
      { threads: o.threads, optimization: label === 'float' ? 'all' : 'fake-quant' },
      `${label} model`,
    );
    const outputs = session.outputNames.filter((name) => !capture.includes(name));
    const feedsFor = (input: Float32Array, dims: number[], image: DatasetImage): Feeds => {
      if (!io?.suffix) return imageFeeds(o.input, new ort.Tensor('float32', input, dims));
      const kept = captured.get(image.id);
      if (!kept) throw new Error(`no captured frontier for image ${image.path}`);
      // the kept tensors this suffix starts from (several suffixes share one capture)
      return Object.fromEntries(session.inputNames.map((name) => [name, kept.get(name)!]));
    };
    try {
      const result = await evaluateWithRunner({
        dataset,
        preset: o.preset,
        preprocess: o.preprocess,
        limit: count,
        signal: o.signal,
        imgsz: { width: o.input.width, height: o.input.height },
        head: o.head,
        classNames: o.model?.classNames,
        headHint: o.model?.headHint,
        endToEnd: o.model?.endToEnd,
        letterboxCache,
        // the next image runs in onnxruntime while this one's NMS and matching run here
        maxInFlight: 2,
        run: async (input, dims, image) => {
          const out = await session.run(feedsFor(input, dims, image));
          if (capture.length) captured.set(image.id, new Map(capture.map((name) => [name, out[name]])));
          return outputs.map((name) => rawTensor(name, out[name]));
        },
      });
      const { detections: _, ...kept } = result;
      measurements.push({ label, keepFloat: keepFloat ?? null, modelSha256: sha256Bytes(model), result: kept });
      o.log?.(`AP ${label}: ${result.map.toFixed(4)} (AP50 ${result.map50.toFixed(4)}, ${result.images} images)`);
      return result.map;
    } finally {
      await session.release();
    }
  };
  return { evaluate, count, measurements };
}
