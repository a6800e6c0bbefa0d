import { cloneForEdit, withExtraOutputs } from '../onnx/graph-clone';
import { toAttribute } from '../onnx/graph-builder';
import { GraphIndex, type OnnxModel } from '../onnx/onnx-model';
import { type FeedSource, floatFeeds } from '../runtime/feed-source';
import { createSession, probeTensorTypes, runFloatOutputs } from '../runtime/ort-session';
import { AllAlgorithmsCalibrator, CALIB_ALGOS, type CalibAlgo, createCalibrator } from './calibrators';
import type { Range } from './histogram-thresholds';
import type { IntType } from './quant-params';

export interface ActivationTensor {
  tensor: string;
  /** Producing node; null for graph inputs. */
  node: string | null;
  opType: string;
  dims: readonly number[];
}

export interface CalibrationOptions {
  algo: CalibAlgo;
  type: IntType;
  threads?: number;
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}

/** Outputs of Constant nodes and of ops fed only by constants (e.g. Resize scales): parameters, not activations. */
function constantTensors(index: GraphIndex): Set<string> {
  const constant = new Set(index.initializers.keys());
  for (const node of index.graph.node) {
    if (node.input.every((t) => !t || constant.has(t))) node.output.forEach((t) => constant.add(t));
  }
  return constant;
}

/** Float activations of the model in graph order (graph inputs first), found by one probing run. */
export async function listFloatActivations(
  model: OnnxModel,
  source: FeedSource,
  threads?: number,
): Promise<ActivationTensor[]> {
  const index = new GraphIndex(model.graph);
  const constants = constantTensors(index);
  const candidates = index.activationTensors().filter((t) => !constants.has(t));
  const session = await createSession(withExtraOutputs(model, candidates), {
    threads,
    optimization: 'disabled',
    memArena: false,
  });
  const feeds = await source.feeds(0);
  const types = await probeTensorTypes(session, feeds);
  await session.release();
  const inputs = Object.entries(feeds)
    .filter(([name, t]) => t.type === 'float32' && !index.initializers.has(name))
    .map(([name, t]) => ({ tensor: name, node: null, opType: 'Input', dims: t.dims }));
  const produced = candidates
    .filter((t) => types.get(t)?.type === 'float32')
    .map((t) => {
      const node = index.producer.get(t)!;
      return { tensor: t, node: node.name ?? null, opType: node.opType, dims: types.get(t)!.dims };
    });
  return [...inputs, ...produced];
}

/** Streams every calibration sample through the float model (the tensors exposed) and hands each tensor's values on. */
async function streamActivations(
  model: OnnxModel,
  tensors: ActivationTensor[],
  source: FeedSource,
  options: Omit<CalibrationOptions, 'algo' | 'type'>,
  observe: (tensor: string, values: Float32Array) => void,
): Promise<void> {
  const produced = tensors.filter((t) => t.node !== null).map((t) => t.tensor);
  const wanted = new Set(tensors.map((t) => t.tensor));
  const session = await createSession(withExtraOutputs(model, produced), { threads: options.threads, memArena: false });
  try {
    for (let i = 0; i < source.count; i++) {
      options.signal?.throwIfAborted();
      const feeds = await source.feeds(i);
      const values = await runFloatOutputs(session, feeds, produced);
      for (const [name, data] of floatFeeds(feeds)) values.set(name, data);
      for (const [name, v] of values) if (wanted.has(name)) observe(name, v);
      options.progress?.(i + 1, source.count);
    }
  } finally {
    await session.release();
  }
}

/**
 * min/max inside onnxruntime: a ReduceMin and a ReduceMax (all axes) per tensor are the only outputs, so no
 * activation is copied out to JavaScript and the session keeps its fusions and memory planning. The same numbers
 * as scanning the values (min and max are exact), at little more than one inference per image.
 */
async function minMaxInGraph(
  model: OnnxModel,
  tensors: ActivationTensor[],
  source: FeedSource,
  options: Omit<CalibrationOptions, 'algo' | 'type'>,
): Promise<Map<string, Range>> {
  const produced = tensors.filter((t) => t.node !== null).map((t) => t.tensor);
  const reduced = cloneForEdit(model);
  const names = produced.map((t, i) => ({ tensor: t, min: `__calib_min_${i}`, max: `__calib_max_${i}` }));
  for (const n of names)
    for (const [op, out] of [['ReduceMin', n.min] as const, ['ReduceMax', n.max] as const])
      reduced.graph.node.push({
        name: `/calibration/${out}`,
        opType: op,
        input: [n.tensor],
        output: [out],
        attribute: [toAttribute('keepdims', 0)],
      });
  reduced.graph.output = names.flatMap((n) => [{ name: n.min }, { name: n.max }]);
  const ranges = new Map<string, Range>();
  const widen = (tensor: string, min: number, max: number) => {
    const r = ranges.get(tensor);
    ranges.set(tensor, r ? { min: Math.min(r.min, min), max: Math.max(r.max, max) } : { min, max });
  };
  const session = await createSession(reduced, { threads: options.threads });
  try {
    for (let i = 0; i < source.count; i++) {
      options.signal?.throwIfAborted();
      const feeds = await source.feeds(i);
      const values = await runFloatOutputs(session, feeds);
      for (const n of names) widen(n.tensor, values.get(n.min)![0], values.get(n.max)![0]);
      for (const [name, data] of floatFeeds(feeds)) {
        const cal = createCalibrator('normal', { type: 'int8' });
        cal.observe(data);
        widen(name, cal.range().min, cal.range().max);
      }
      options.progress?.(i + 1, source.count);
    }
  } finally {
    await session.release();
  }
  return new Map(tensors.map((t) => [t.tensor, ranges.get(t.tensor) ?? { min: 0, max: 0 }]));
}

/** Each tensor's range under one algorithm; only the calibrators' fixed state is kept. */
export async function calibrateActivations(
  model: OnnxModel,
  tensors: ActivationTensor[],
  source: FeedSource,
  options: CalibrationOptions,
): Promise<Map<string, Range>> {
  if (options.algo === 'normal') return minMaxInGraph(model, tensors, source, options);
  const calibrators = new Map(tensors.map((t) => [t.tensor, createCalibrator(options.algo, { type: options.type })]));
  await streamActivations(model, tensors, source, options, (name, v) => calibrators.get(name)!.observe(v));
  return new Map([...calibrators].map(([name, cal]) => [name, cal.range()]));
}

/** Each tensor's range under every algorithm, from one pass (the search picks the algorithm by AP). */
export async function calibrateAllAlgorithms(
  model: OnnxModel,
  tensors: ActivationTensor[],
  source: FeedSource,
  options: Omit<CalibrationOptions, 'algo'>,
): Promise<Map<CalibAlgo, Map<string, Range>>> {
  const calibrators = new Map(tensors.map((t) => [t.tensor, new AllAlgorithmsCalibrator({ type: options.type })]));
  await streamActivations(model, tensors, source, options, (name, v) => calibrators.get(name)!.observe(v));
  return new Map(
    CALIB_ALGOS.map((algo) => [algo, new Map([...calibrators].map(([name, cal]) => [name, cal.range(algo)]))]),
  );
}
