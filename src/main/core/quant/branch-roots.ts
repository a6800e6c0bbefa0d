import { GraphIndex, type OnnxModel, type OnnxNode } from '../onnx/onnx-model';

/**
 * Where the head's branches start (on YOLOv8 the three neck outputs each box and class branch reads): climbing from
 * each of `from` through ops with one data input (convs, activations; SiLU's Mul(x, Sigmoid(x)) reads one tensor) up to
 * a tensor something outside that climb also reads. Empty when a climb reaches a graph input or a multi-input op first
 * (there is no branch to start from).
 */
export function branchRoots(model: OnnxModel, from: readonly string[]): string[] {
  const index = new GraphIndex(model.graph);
  const constant = (t: string) => !t || index.initializers.has(t) || index.producer.get(t)?.opType === 'Constant';
  const roots = new Set<string>();
  for (const start of from) {
    const climbed = new Set<OnnxNode>();
    let t = start;
    for (;;) {
      const node = index.producer.get(t);
      if (!node) return [];
      if (t !== start && (index.consumers.get(t) ?? []).some((c) => !climbed.has(c))) break;
      climbed.add(node);
      const data = node.input.filter((x) => !constant(x));
      // an input computed by a one-input op from another input (Sigmoid(x) beside x) is that other input
      const derived = data.filter((x) => {
        const p = index.producer.get(x);
        return p !== undefined && p.input.filter((y) => !constant(y)).length === 1 && data.includes(p.input[0]!);
      });
      for (const x of derived) climbed.add(index.producer.get(x)!);
      const rest = data.filter((x) => !derived.includes(x));
      if (rest.length !== 1) return [];
      t = rest[0]!;
    }
    roots.add(t);
  }
  return [...roots];
}
