import { computeQuantParams, quantize, type QuantParams } from './quant-params';

export const WEIGHT_METHODS = ['channel', 'layer'] as const;
export type WeightMethod = (typeof WEIGHT_METHODS)[number];

export interface QuantizedWeight {
  /** int8 values, same layout as the float tensor. */
  data: Int8Array;
  /** One scale per channel along `axis`, or a single one (axis null). */
  scales: Float32Array;
  axis: number | null;
}

/**
 * Symmetric int8 weights ([-127, 127], zero point 0, ORT's WeightSymmetric default): per output
 * channel along `axis` (rknn `quantized_method: channel`) or one scale for the tensor (`layer`).
 */
export function quantizeWeight(
  values: Float32Array,
  dims: number[],
  axis: number,
  method: WeightMethod,
): QuantizedWeight {
  const channels = method === 'channel' ? (dims[axis] ?? 1) : 1;
  const inner = method === 'channel' ? dims.slice(axis + 1).reduce((a, b) => a * b, 1) : values.length;
  const absmax = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels;
    const a = Math.abs(values[i]);
    if (a > absmax[c]) absmax[c] = a;
  }
  const params: QuantParams[] = Array.from(absmax, (m) => computeQuantParams(-m, m, 'int8', true));
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = quantize(values[i], params[Math.floor(i / inner) % channels]);
  return { data, scales: Float32Array.from(params, (p) => p.scale), axis: method === 'channel' ? axis : null };
}

/** The float values the int8 weight stands for, (q - 0) * scale in float32, as DequantizeLinear gives. */
export function dequantizeWeight(w: QuantizedWeight, dims: number[]): Float32Array {
  const channels = w.scales.length;
  const inner = w.axis === null ? w.data.length : dims.slice(w.axis + 1).reduce((a, b) => a * b, 1);
  return Float32Array.from(w.data, (q, i) => Math.fround(q * w.scales[Math.floor(i / inner) % channels]));
}
