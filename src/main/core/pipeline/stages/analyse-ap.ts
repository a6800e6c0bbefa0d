import type { LetterboxPreset } from '../../data/letterbox';
import { loadDetectionDataset } from '../../data/load-dataset';
import type { RawTensor } from '../../detect/detection-types';
import { evaluateWithRunner } from '../../eval/evaluate-model';
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

/**
 * AP@[.5:.95] of float or fake-quant model bytes on the validation subset, through the evaluation
 * engine's runner loop (same letterbox, decode, NMS and COCOeval as `npu-workbench eval`). Fake-quant
 * sessions run with optimisations off, like the per-layer analysis, so AP and the table describe
 * the same numbers.
 */
export async function createApEvaluator(o: ApEvaluatorOptions): Promise<{ evaluate: ModelEvaluator; count: number }> {
  const dataset = await loadDetectionDataset(o.data, { strict: true });
  const count = Math.min(o.count ?? dataset.images.length, dataset.images.length);
  const evaluate: ModelEvaluator = async (model, label) => {
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
      o.log?.(`AP ${label}: ${result.map.toFixed(4)} (AP50 ${result.map50.toFixed(4)}, ${result.images} images)`);
      return result.map;
    } finally {
      await session.release();
    }
  };
  return { evaluate, count };
}
