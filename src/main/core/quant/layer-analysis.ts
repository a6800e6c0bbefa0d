import type { LayerError } from '../../../shared/contract/analysis-schemas';
import { withExtraOutputs } from '../onnx/graph-clone';
import { GraphIndex, type OnnxModel } from '../onnx/onnx-model';
import { insertQdq, type QdqPlan, simulatedInputName } from '../onnx/qdq-insert';
import { buildSingleLayerModel, singleName } from '../onnx/single-layer-graph';
import { type FeedSource, floatFeeds } from '../runtime/feed-source';
import { createSession, runFloatOutputs } from '../runtime/ort-session';
import type { ActivationTensor } from './activation-calibration';
import { concatSegments } from './concat-segments';
import { ErrorAccumulator } from './layer-metrics';

export type LayerRow = Omit<LayerError, 'source' | 'seq'>;

export interface LayerAnalysisOptions {
  threads?: number;
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}

/**
 * rknn accuracy_analysis, simulated: per tensor, cosine/euclidean of the fake-quant model against
 * the float one (*entire*, errors accumulate) and of each op alone on golden inputs (*single*),
 * averaged over the samples; Concat outputs get one extra row per input slice. Two sessions per sample: the
 * single-layer model (which also yields
 * the golden tensors) and the QDQ model; only per-tensor accumulators outlive a sample.
 */
export async function analyseLayers(
  model: OnnxModel,
  tensors: ActivationTensor[],
  plan: QdqPlan,
  source: FeedSource,
  options: LayerAnalysisOptions = {},
): Promise<LayerRow[]> {
  const produced = tensors.filter((t) => t.node !== null).map((t) => t.tensor);
  const single = buildSingleLayerModel(model, plan);
  const singleSet = new Set(single.tensors);
  const qdq = insertQdq(model, plan);
  // graph inputs are simulated under another name in the QDQ model (the input itself is fed)
  const entireName = (t: ActivationTensor) => (t.node === null ? simulatedInputName(t.tensor) : t.tensor);
  const inputSims = new Set(
    tensors
      .filter(
        (t) => t.node === null && plan.activations.has(t.tensor) && plan.activations.get(t.tensor)!.kind !== 'float',
      )
      .map((t) => t.tensor),
  );
  const qdqFetch = tensors.filter((t) => t.node !== null || inputSims.has(t.tensor)).map(entireName);
  const singleFetch = [...produced, ...single.tensors.map(singleName)];
  // Dump sessions (every tensor a graph output) stay unoptimised: 'fake-quant' ('all' minus the QDQ
  // transformers) crashed onnxruntime 1.30 (SIGSEGV) on the demo model with all outputs exposed.
  const singleSession = await createSession(withExtraOutputs(single.model, singleFetch), {
    threads: options.threads,
    optimization: 'disabled',
    memArena: false,
  });
  const qdqSession = await createSession(withExtraOutputs(qdq, qdqFetch), {
    threads: options.threads,
    optimization: 'disabled',
    memArena: false,
  });
  const index = new GraphIndex(model.graph);
  const dims = new Map(tensors.map((t) => [t.tensor, t.dims]));
  const dimsOf = (t: string) => dims.get(t) ?? index.initializers.get(t)?.dims;
  const segments = new Map(
    tensors
      .filter((t) => t.node !== null)
      .map((t) => [t.tensor, concatSegments(index.producer.get(t.tensor)!, t.dims, dimsOf)]),
  );
  const rowNames = tensors.flatMap((t) => [t.tensor, ...(segments.get(t.tensor) ?? []).map((s) => s.label)]);
  const entire = new Map(rowNames.map((n) => [n, new ErrorAccumulator()]));
  const singles = new Map(rowNames.map((n) => [n, new ErrorAccumulator()]));
  try {
    for (let i = 0; i < source.count; i++) {
      options.signal?.throwIfAborted();
      const feeds = await source.feeds(i);
      // both sessions at once: unoptimised graphs of small ops leave the second core idle when run one by one
      const [golden, quant] = await Promise.all([
        runFloatOutputs(singleSession, feeds, singleFetch),
        runFloatOutputs(qdqSession, feeds, qdqFetch),
      ]);
      for (const [name, data] of floatFeeds(feeds)) golden.set(name, data);
      for (const t of tensors) {
        const g = golden.get(t.tensor);
        if (!g) continue;
        const q = t.node === null && !inputSims.has(t.tensor) ? g : quant.get(entireName(t));
        if (q) entire.get(t.tensor)!.add(g, q);
        const s = singleSet.has(t.tensor) ? golden.get(singleName(t.tensor)) : t.node === null ? q : g;
        if (s) singles.get(t.tensor)!.add(g, s);
        for (const seg of segments.get(t.tensor) ?? []) {
          const gs = seg.extract(g);
          if (q) entire.get(seg.label)!.add(gs, seg.extract(q));
          if (s) singles.get(seg.label)!.add(gs, seg.extract(s));
        }
      }
      options.progress?.(i + 1, source.count);
    }
  } finally {
    await Promise.all([singleSession.release(), qdqSession.release()]);
  }
  const toRow = (name: string, t: ActivationTensor): LayerRow => {
    const e = entire.get(name)!;
    const s = singles.get(name)!;
    return {
      tensor: name,
      opType: t.opType,
      onnxNode: t.node,
      cosEntire: e.meanCos(),
      cosSingle: s.meanCos(),
      eucEntire: e.meanEuc(),
      eucSingle: s.meanEuc(),
      sqnr: e.sqnr(),
    };
  };
  return tensors.flatMap((t) => [
    toRow(t.tensor, t),
    ...(segments.get(t.tensor) ?? []).map((seg) => toRow(seg.label, t)),
  ]);
}
