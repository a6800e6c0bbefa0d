import type { LetterboxPreset } from '../../data/letterbox';
import { loadDetectionDataset } from '../../data/load-dataset';
import type { RawTensor } from '../../detect/detection-types';
import { type EvaluationResult, evaluateWithRunner } from '../../eval/evaluate-model';
import { sha256Bytes } from '../../eval/record-evaluation';
import type { ModelEvaluator } from '../../quant/analyse-model';
import type { ImageInputSpec } from '../../runtime/image-feeds';
import { createSession } from '../../runtime/ort-session';
import * as ort from 'onnxruntime-node';

export interface ApEvaluatorOptions {
  data: string;
  preset: LetterboxPreset;
  input: ImageInputSpec;
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
  const evaluate: ModelEvaluator = async (model, label, keepFloat) => {
    const session = await createSession(
      model,
      { threads: o.threads, optimization: label === 'float' ? 'all' : 'fake-quant' },
      `${label} model`,
    );
    try {
      const result = await evaluateWithRunner({
        dataset,
        preset: o.preset,
        limit: count,
        signal: o.signal,
        imgsz: { width: o.input.width, height: o.input.height },
        run: async (input, dims) => {
          const out = await session.run({ [o.input.name]: new ort.Tensor('float32', input, dims) });
          return session.outputNames.map((name): RawTensor => ({
            name,
            dims: out[name].dims,
            data: out[name].data as Float32Array,
          }));
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
