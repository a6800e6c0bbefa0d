import type { GraphIndex, OnnxNode } from './onnx-model';

/**
 * Structural matchers for detection heads: op patterns and weight shapes only, never node or tensor names
 * (exporters, versions and quantizers all name things differently).
 */

export const intAttr = (node: OnnxNode, name: string): number | undefined =>
  node.attribute?.find((a) => a.name === name)?.i;

const CONV_OPS = new Set(['Conv', 'ConvInteger', 'QLinearConv']);

/** Output channels of a float, dynamic-int8 (ConvInteger) or QOperator (QLinearConv) conv, from its weight. */
function weightChannels(index: GraphIndex, conv: OnnxNode): number | null {
  const weight = conv.opType === 'QLinearConv' ? conv.input[3] : conv.input[1];
  const direct = index.initializers.get(weight);
  if (direct) return direct.dims?.[0] ?? null;
  // QDQ: the weight is DequantizeLinear(int8 initializer).
  const dq = index.producer.get(weight);
  if (dq?.opType === 'DequantizeLinear') return index.initializers.get(dq.input[0])?.dims?.[0] ?? null;
  return null;
}

export interface ConvSource {
  conv: OnnxNode;
  channels: number;
}

/**
 * The conv that computes `tensor`, seen through what quantizers wrap around a conv output:
 * Conv → QuantizeLinear → DequantizeLinear (QDQ), QLinearConv → DequantizeLinear (QOperator), and
 * ConvInteger → Cast → Mul(scale) → Add(bias) (dynamic). Anything else (an activation, a residual Add)
 * is not a conv output.
 */
export function convSource(index: GraphIndex, tensor: string, depth = 0): ConvSource | null {
  const node = index.producer.get(tensor);
  if (!node || depth > 5) return null;
  if (CONV_OPS.has(node.opType)) {
    const channels = weightChannels(index, node);
    return channels === null ? null : { conv: node, channels };
  }
  const from = (t: string | undefined) => (t ? convSource(index, t, depth + 1) : null);
  const producerOp = (t: string) => index.producer.get(t)?.opType;
  switch (node.opType) {
    case 'DequantizeLinear': {
      const q = index.producer.get(node.input[0]);
      if (q?.opType === 'QuantizeLinear') return from(q.input[0]);
      return q?.opType === 'QLinearConv' ? from(node.input[0]) : null;
    }
    case 'Cast':
      return producerOp(node.input[0]) === 'ConvInteger' ? from(node.input[0]) : null;
    case 'Mul':
      return from(node.input.find((t) => producerOp(t) === 'Cast'));
    case 'Add': {
      const rest = node.input.filter((t) => !index.initializers.has(t));
      return rest.length === 1 && producerOp(rest[0]) === 'Mul' ? from(rest[0]) : null;
    }
    default:
      return null;
  }
}

/** Skips a QuantizeLinear → DequantizeLinear pair a QDQ model puts between two float ops, walking back. */
export function beforeQdq(index: GraphIndex, tensor: string): string {
  const dq = index.producer.get(tensor);
  const q = dq?.opType === 'DequantizeLinear' ? index.producer.get(dq.input[0]) : undefined;
  return q?.opType === 'QuantizeLinear' ? q.input[0] : tensor;
}

/** Consumers of a tensor, looking through a QuantizeLinear → DequantizeLinear pair. */
export function consumersAfterQdq(index: GraphIndex, tensor: string): OnnxNode[] {
  return (index.consumers.get(tensor) ?? []).flatMap((c) => {
    if (c.opType !== 'QuantizeLinear') return [c];
    return (index.consumers.get(c.output[0]) ?? []).flatMap((dq) =>
      dq.opType === 'DequantizeLinear' ? (index.consumers.get(dq.output[0]) ?? []) : [dq],
    );
  });
}

/** Whether an op of type `op` is reachable downstream of `tensor` within `hops` nodes. */
export function reaches(index: GraphIndex, tensor: string, op: string, hops: number): boolean {
  let frontier = [tensor];
  for (let d = 0; d < hops; d++) {
    const next: string[] = [];
    for (const t of frontier) {
      for (const c of index.consumers.get(t) ?? []) {
        if (c.opType === op) return true;
        next.push(...c.output);
      }
    }
    frontier = next;
  }
  return false;
}

/** Ops whose presence says the graph is quantized, with counts (for refusal messages). */
export function quantizedOps(index: GraphIndex): string[] {
  const counts = new Map<string, number>();
  for (const n of index.graph.node) {
    if (/^(QLinear|ConvInteger|MatMulInteger|DynamicQuantizeLinear|QuantizeLinear)/.test(n.opType))
      counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  }
  return [...counts].map(([op, n]) => `${op} ×${n}`);
}
