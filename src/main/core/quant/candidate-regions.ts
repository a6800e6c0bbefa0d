import { GraphIndex, type OnnxModel, type OnnxNode } from '../onnx/onnx-model';
import type { ActivationTensor } from './activation-calibration';

/** A set of tensors kept at higher precision together: one search candidate. */
export interface CandidateGroup {
  /** What the group is, for the search report (a tensor name, or e.g. "decode region (24 tensors)"). */
  label: string;
  kind: 'tensor' | 'decode' | 'dfl' | 'concat';
  tensors: string[];
}

const DATA_MOVEMENT = new Set(['Reshape', 'Transpose', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity']);

/** Activation tensors reachable from `starts` (included) through nodes, in graph order. */
function downstream(index: GraphIndex, starts: string[], activations: Set<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || !activations.has(t)) continue;
    seen.add(t);
    for (const node of index.consumers.get(t) ?? []) stack.push(...node.output);
  }
  return seen;
}

/** The head's 4-D → 3-D Reshapes ([1,C,H,W] → [1,C,H·W]): where the convs end and the decode begins. */
function flatteningReshapes(index: GraphIndex, tensors: ActivationTensor[]): OnnxNode[] {
  const dims = new Map(tensors.map((t) => [t.tensor, t.dims]));
  return tensors
    .filter((t) => t.node !== null && t.dims.length === 3)
    .map((t) => index.producer.get(t.tensor)!)
    .filter((node) => node.opType === 'Reshape' && dims.get(node.input[0])?.length === 4);
}

/**
 * The tensors the decode is computed from (the flattening Reshapes' inputs: per-scale head conv outputs, or the
 * per-scale Concat(box, cls) of older exports); empty when the model has no such head.
 */
export function decodeFrontier(model: OnnxModel, tensors: ActivationTensor[]): string[] {
  const index = new GraphIndex(model.graph);
  const reshapes = flatteningReshapes(index, tensors);
  // a flattening inside the decode (DFL's [1,1,4,N] -> [1,4,N]) is not where the decode begins
  const activations = new Set(tensors.filter((t) => t.node !== null).map((t) => t.tensor));
  const decode = downstream(
    index,
    reshapes.map((n) => n.output[0]),
    activations,
  );
  return [...new Set(reshapes.map((n) => n.input[0]).filter((t) => !decode.has(t)))];
}

/**
 * Connected regions worth keeping at higher precision as one: the whole box/score decode after the last convs
 * (everything downstream of the head's 4-D → 3-D flattening: DFL, dist2bbox, the stride Mul, the class sigmoid and
 * the output Concat), the DFL alone (Softmax with its reshapes and expectation conv), and each Concat with its
 * producers (Concats that feed no conv: the head's). Found by structure (ranks and op types), never by names; regions
 * above `maxTensors` are dropped.
 */
export function candidateRegions(model: OnnxModel, tensors: ActivationTensor[], maxTensors: number): CandidateGroup[] {
  const index = new GraphIndex(model.graph);
  const activations = new Set(tensors.filter((t) => t.node !== null).map((t) => t.tensor));
  const order = new Map(tensors.map((t, i) => [t.tensor, i]));
  const sorted = (set: Iterable<string>) => [...set].sort((a, b) => order.get(a)! - order.get(b)!);
  const groups: CandidateGroup[] = [];
  const frontier = new Set(decodeFrontier(model, tensors));
  const flattened = flatteningReshapes(index, tensors).filter((n) => frontier.has(n.input[0]));
  // the flattened conv outputs stay 8-bit (as the NPU's outputs would after a head cut); what follows is the decode
  const after = downstream(
    index,
    flattened.map((n) => n.output[0]),
    activations,
  );
  for (const n of flattened) after.delete(n.output[0]);
  const decode = sorted(after);
  if (decode.length > 1)
    groups.push({ label: `decode region (${decode.length} tensors)`, kind: 'decode', tensors: decode });
  for (const node of index.graph.node) {
    if (node.opType !== 'Softmax' || !activations.has(node.output[0])) continue;
    const dfl = new Set([node.output[0]]);
    let t = node.input[0];
    while (activations.has(t) && DATA_MOVEMENT.has(index.producer.get(t)!.opType)) {
      dfl.add(t);
      t = index.producer.get(t)!.input[0];
    }
    let next = index.consumers.get(node.output[0]) ?? [];
    while (next.length === 1 && (next[0].opType === 'Conv' || DATA_MOVEMENT.has(next[0].opType))) {
      dfl.add(next[0].output[0]);
      next = index.consumers.get(next[0].output[0]) ?? [];
    }
    if (dfl.size > 1)
      groups.push({ label: `DFL at ${node.name ?? node.output[0]}`, kind: 'dfl', tensors: sorted(dfl) });
  }
  // head Concats (the output Concat, per-scale box+cls); backbone Concats feed a conv and are skipped
  for (const node of index.graph.node) {
    const c = node.output[0];
    if (node.opType !== 'Concat' || !activations.has(c)) continue;
    if ((index.consumers.get(c) ?? []).some((n) => n.opType === 'Conv')) continue;
    const members = [c, ...node.input.filter((t) => activations.has(t))];
    if (members.length > 1)
      groups.push({ label: `${c} with its producers`, kind: 'concat', tensors: sorted(new Set(members)) });
  }
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g.tensors.join('\n');
    if (g.tensors.length > maxTensors || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
