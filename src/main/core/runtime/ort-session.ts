import * as ort from 'onnxruntime-node';
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

export async function createSession(
  model: OnnxModel | Uint8Array,
  options: SessionOptions = {},
  source = 'model',
): Promise<ort.InferenceSession> {
  const bytes = model instanceof Uint8Array ? model : encodeOnnx(model);
  try {
    const level = options.optimization ?? 'all';
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      interOpNumThreads: 1,
      graphOptimizationLevel: level === 'fake-quant' ? 'all' : level,
      executionProviders: ['cpu'],
    };
    if (level === 'fake-quant') sessionOptions.extra = { session: { disable_quant_qdq: '1' } };
    if (options.threads && options.threads > 0) sessionOptions.intraOpNumThreads = options.threads;
    if (options.memArena === false) sessionOptions.enableCpuMemArena = false;
    return await ort.InferenceSession.create(bytes, sessionOptions);
  } catch (error) {
    throw new UserError(
      `onnxruntime cannot load ${source}: ${(error as Error).message.split('\n')[0]}`,
      'Check that the model runs in onnxruntime (opset ≤ 21, static input shape).',
      'invalid_input',
    );
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
