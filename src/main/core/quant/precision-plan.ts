import type { QdqPlan } from '../onnx/qdq-insert';
import type { TensorPrecision } from '../onnx/qdq-nodes';
import type { Range } from './histogram-thresholds';
import { computeQuantParams } from './quant-params';
import type { WeightMethod } from './weight-quant';

export const QUANT_DTYPES = ['w8a8', 'w8a16', 'fp16'] as const;
export type QuantDtype = (typeof QUANT_DTYPES)[number];
export type ActivationType = 'int8' | 'uint8';

export interface PlanOptions {
  dtype: QuantDtype;
  /** 8-bit activation type for w8a8 (rknn uses asymmetric int8, ORT defaults to uint8). */
  activationType?: ActivationType;
  weightMethod?: WeightMethod;
  /** Tensors left float: hybrid quantisation (rknn custom_quantize_layers: float16). */
  keepFloat?: Iterable<string>;
  /** Tensors raised to int16 activations in an otherwise 8-bit model. */
  keepInt16?: Iterable<string>;
}

/** Turns calibrated ranges plus the dtype and the hybrid sets into a per-tensor precision plan. */
export function buildQdqPlan(ranges: Map<string, Range>, options: PlanOptions): QdqPlan {
  const keepFloat = new Set(options.keepFloat ?? []);
  const keepInt16 = new Set(options.keepInt16 ?? []);
  const actType = options.dtype === 'w8a16' ? 'int16' : (options.activationType ?? 'int8');
  const activations = new Map<string, TensorPrecision>();
  for (const [tensor, r] of ranges) {
    if (keepFloat.has(tensor)) activations.set(tensor, { kind: 'float' });
    else if (options.dtype === 'fp16') activations.set(tensor, { kind: 'fp16' });
    else
      activations.set(tensor, {
        kind: 'int',
        params: computeQuantParams(r.min, r.max, keepInt16.has(tensor) ? 'int16' : actType),
      });
  }
  return {
    activations,
    weights: options.dtype === 'fp16' ? 'fp16' : 'int8',
    weightMethod: options.weightMethod ?? 'channel',
    floatOps: keepFloat,
  };
}
