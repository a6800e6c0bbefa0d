import * as ort from 'onnxruntime-node';
import type { RawTensor } from '../detect/detection-types';
import { UserError } from '../errors/user-error';
import { encodeOnnx, type OnnxModel } from '../onnx/onnx-model';

export interface SessionOptions {
  /** Intra-op threads; 0 lets ORT decide. */
  threads?: number;
  /**
   * Graph optimisation level (default 'all'). 'fake-quant' is 'all' with ORT's QDQ transformers off
   * (`session.disable_quant_qdq`): left on, ORT rewrites Q/DQ around float ops or fuses them into
   * int8 kernels, and the numbers stop matching the graph (pinned by qdq-insert.spec.ts).
   */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all' | 'fake-quant';
  /** false for sessions that return every intermediate tensor: the arena would keep all of them reserved. */
  memArena?: boolean;
}

export type Feeds = Record<string, ort.Tensor>;

/**
 * The one set of onnxruntime-node options every session uses (analysis, evaluation on this thread or in the worker,
 * benchmarks): CPU, sequential, `threads` intra-op threads (default: onnxruntime's, one per core). Idle intra-op
 * threads never spin: between runs the CPU belongs to image decoding, NMS and calibration statistics (and on a
 * shared machine spinning threads cost several times the inference itself).
 */
export function ortSessionOptions(options: SessionOptions = {}): ort.InferenceSession.SessionOptions {
  const level = options.optimization ?? 'all';
  return {
    executionProviders: ['cpu'],
    interOpNumThreads: 1,
    graphOptimizationLevel: level === 'fake-quant' ? 'all' : level,
    ...(options.threads && options.threads > 0 ? { intraOpNumThreads: options.threads } : {}),
    ...(options.memArena === false ? { enableCpuMemArena: false } : {}),
    extra: {
      session: { 'intra_op.allow_spinning': '0', ...(level === 'fake-quant' ? { disable_quant_qdq: '1' } : {}) },
    },
  };
}

/** A model onnxruntime refuses (unknown operator, opset too new), as the error the user reads. */
export const sessionLoadError = (source: string, error: Error): UserError =>
  new UserError(
    `${source}: onnxruntime cannot load the model (${error.message.split('\n')[0]})`,
    'Check the opset and operators of the export; re-export with a supported opset (<= 21) and a static input shape.',
    'invalid_input',
  );

/** Opens a session on this thread with ortSessionOptions (the evaluation worker opens its own with the same). */
export async function createSession(
  model: OnnxModel | Uint8Array,
  options: SessionOptions = {},
  source = 'model',
): Promise<ort.InferenceSession> {
  const bytes = model instanceof Uint8Array ? model : encodeOnnx(model);
  try {
    return await ort.InferenceSession.create(bytes, ortSessionOptions(options));
  } catch (error) {
    throw sessionLoadError(source, error as Error);
  }
}

/** Runs once and returns only float32 outputs as plain arrays, releasing ORT's tensors. */
export async function runFloatOutputs(
  session: ort.InferenceSession,
  feeds: Feeds,
  names?: readonly string[],
): Promise<Map<string, Float32Array>> {
  const result = names ? await session.run(feeds, [...names]) : await session.run(feeds);
  const out = new Map<string, Float32Array>();
  for (const [name, tensor] of Object.entries(result)) {
    if (tensor.type === 'float32') out.set(name, tensor.data as Float32Array);
    tensor.dispose?.();
  }
  return out;
}

/** An output as decoders take it: float32 as is, integers (DETR's int64 labels) converted and flagged. */
export function rawTensor(name: string, t: ort.Tensor): RawTensor {
  if (t.type === 'int64' || t.type === 'int32')
    return { name, dims: t.dims, data: Float32Array.from(t.data as BigInt64Array | Int32Array, Number), integer: true };
  return { name, dims: t.dims, data: t.data as Float32Array };
}

/** Element type and shape of every tensor named, from one run (ORT infers what the graph does not declare). */
export async function probeTensorTypes(
  session: ort.InferenceSession,
  feeds: Feeds,
): Promise<Map<string, { type: string; dims: readonly number[] }>> {
  const result = await session.run(feeds);
  const out = new Map<string, { type: string; dims: readonly number[] }>();
  for (const [name, tensor] of Object.entries(result)) {
    out.set(name, { type: tensor.type, dims: tensor.dims });
    tensor.dispose?.();
  }
  return out;
}
