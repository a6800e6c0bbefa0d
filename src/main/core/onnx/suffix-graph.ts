import { cloneForEdit } from './graph-clone';
import { GraphIndex, type OnnxModel, type OnnxNode, TensorDataType } from './onnx-model';

export interface SuffixGraph {
  /** The nodes that compute the graph outputs from the frontier tensors, which become its inputs. */
  model: OnnxModel;
  /** Tensors the suffix computes itself (outputs of its nodes). */
  produced: Set<string>;
}

/**
 * The part of a model that computes its outputs from `frontier` tensors fed as graph inputs (e.g. the head convs'
 * outputs, so only the decode runs), or null when an output still depends on a graph input by another path.
 * Node order, names and initializers are the model's, so a QDQ model cut here computes what it computed whole.
 */
export function suffixGraph(
  model: OnnxModel,
  frontier: readonly string[],
  dims: (tensor: string) => readonly number[] | undefined,
): SuffixGraph | null {
  const index = new GraphIndex(model.graph);
  const stop = new Set(frontier);
  const inputs = new Set(model.graph.input.map((i) => i.name));
  const needed = new Set<OnnxNode>();
  const seen = new Set<string>();
  const stack = model.graph.output.map((o) => o.name);
  while (stack.length) {
    const t = stack.pop()!;
    if (!t || seen.has(t) || stop.has(t) || index.initializers.has(t)) continue;
    seen.add(t);
    const node = index.producer.get(t);
    if (!node) {
      if (inputs.has(t)) return null;
      continue;
    }
    needed.add(node);
    stack.push(...node.input);
  }
  const shapes = frontier.map((t) => dims(t));
  if (shapes.some((d) => !d)) return null;
  const out = cloneForEdit(model);
  const g = out.graph;
  g.node = g.node.filter((n, i) => needed.has(model.graph.node[i]));
  const used = new Set(g.node.flatMap((n) => n.input));
  g.initializer = g.initializer.filter((t) => t.name && used.has(t.name));
  g.input = frontier.map((name, i) => ({
    name,
    type: {
      tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: shapes[i]!.map((d) => ({ dimValue: d })) } },
    },
  }));
  g.valueInfo = g.valueInfo.filter((v) => used.has(v.name));
  return { model: out, produced: new Set(g.node.flatMap((n) => n.output)) };
}
