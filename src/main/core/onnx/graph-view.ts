import type { GraphView } from '../../../shared/contract';
import { GraphIndex, type OnnxModel } from './onnx-model';

/**
 * The model as the UI's graph: one node per ONNX node (plus graph inputs/outputs), one edge per activation
 * tensor from its producer to each consumer. Initializers (weights) are not nodes, as in Netron.
 */
export function graphView(model: OnnxModel): GraphView {
  const index = new GraphIndex(model.graph);
  const ids = new Map<object, string>();
  const nodes: GraphView['nodes'] = [];
  const initial = new Set(model.graph.initializer.map((t) => t.name));
  for (const input of model.graph.input) {
    if (initial.has(input.name)) continue;
    nodes.push({ id: `input:${input.name}`, name: input.name, opType: 'Input', outputs: [input.name], module: null });
  }
  model.graph.node.forEach((node, i) => {
    const id = `n${i}`;
    ids.set(node, id);
    const name = node.name || `${node.opType}_${i}`;
    // Exporters name nodes by module path (/model.22/cv2.0/conv/Conv): the path is what the UI groups by.
    const module = name.startsWith('/') && name.lastIndexOf('/') > 0 ? name.slice(0, name.lastIndexOf('/')) : null;
    nodes.push({ id, name, opType: node.opType, outputs: node.output.filter(Boolean), module });
  });
  for (const output of model.graph.output)
    nodes.push({ id: `output:${output.name}`, name: output.name, opType: 'Output', outputs: [], module: null });

  const edges: GraphView['edges'] = [];
  const sourceOf = (tensor: string): string | undefined => {
    const producer = index.producer.get(tensor);
    if (producer) return ids.get(producer);
    return nodes.some((n) => n.id === `input:${tensor}`) ? `input:${tensor}` : undefined;
  };
  model.graph.node.forEach((node) => {
    for (const tensor of node.input) {
      if (!tensor || initial.has(tensor)) continue;
      const source = sourceOf(tensor);
      if (source) edges.push({ source, target: ids.get(node)!, tensor });
    }
  });
  for (const output of model.graph.output) {
    const source = sourceOf(output.name);
    if (source) edges.push({ source, target: `output:${output.name}`, tensor: output.name });
  }
  return { nodes, edges };
}
