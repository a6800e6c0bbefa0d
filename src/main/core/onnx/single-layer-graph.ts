import { cloneForEdit } from './graph-clone';
import { GraphIndex, type OnnxModel, type OnnxNode, opsetVersion } from './onnx-model';
import type { QdqPlan } from './qdq-insert';
import { activationSimNodes, ensureMsDomain } from './qdq-nodes';
import { simulateWeights } from './weight-sim';

export const singleName = (tensor: string): string => `${tensor}__single`;
const TWIN_SUFFIX = '__single_raw';

/**
 * The float graph plus, for every op whose output is simulated, a twin that reads the *float*
 * inputs through their own fake-quant and writes `<tensor>__single` through the output's
 * fake-quant: rknn's "single" error (this layer quantised, golden inputs) for all layers in one
 * session run, next to the golden tensors themselves.
 */
export function buildSingleLayerModel(model: OnnxModel, plan: QdqPlan): { model: OnnxModel; tensors: string[] } {
  const out = cloneForEdit(model);
  const g = out.graph;
  const index = new GraphIndex(g);
  const simulated = (t: string) => {
    const p = plan.activations.get(t);
    return p !== undefined && p.kind !== 'float';
  };
  const twins: OnnxNode[] = [];
  const tensors: string[] = [];
  for (const node of g.node) {
    if (!node.output.some(simulated) || node.attribute?.some((a) => a.g)) continue;
    twins.push({
      ...node,
      name: `${node.name ?? node.output[0]}__single`,
      input: [...node.input],
      output: node.output.map((o) => (o ? `${o}${TWIN_SUFFIX}` : o)),
    });
  }
  // Order: float graph, then input fake-quants and weight dequantisers (they read float tensors and
  // initializers only), then the twins, then the output fake-quants of the twins.
  const pre: OnnxNode[] = [];
  const post: OnnxNode[] = [];
  const simInputs = new Map<string, string>();
  let needsMs = false;
  const addSim = (input: string, output: string, t: string, into: OnnxNode[]) => {
    const precision = plan.activations.get(t)!;
    const add = activationSimNodes(input, output, precision);
    into.push(...add.nodes);
    g.initializer.push(...add.initializers);
    if (precision.kind === 'int' && precision.params.type === 'int16') needsMs = true;
  };
  const floatOp = (n: OnnxNode) => n.output.some((o) => plan.floatOps.has(o.slice(0, -TWIN_SUFFIX.length)));
  const weights = simulateWeights(twins, index, plan.weights, plan.weightMethod, opsetVersion(model), floatOp);
  pre.push(...weights.nodes);
  g.initializer.push(...weights.initializers);
  for (const twin of twins) {
    twin.input = twin.input.map((t) => {
      if (!t || !simulated(t)) return t;
      let sim = simInputs.get(t);
      if (!sim) {
        sim = `${t}__single_in`;
        simInputs.set(t, sim);
        addSim(t, sim, t, pre);
      }
      return sim;
    });
    for (const o of twin.output) {
      const t = o.slice(0, -TWIN_SUFFIX.length);
      if (!o || !simulated(t)) continue;
      addSim(o, singleName(t), t, post);
      tensors.push(t);
    }
  }
  g.node = [...g.node, ...pre, ...twins, ...post];
  if (needsMs) ensureMsDomain(out);
  return { model: out, tensors };
}
