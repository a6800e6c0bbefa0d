import { UserError } from '../errors/user-error';
import type { WeightMethod } from '../quant/weight-quant';
import { cloneForEdit } from './graph-clone';
import { GraphIndex, type OnnxModel, type OnnxNode, opsetVersion } from './onnx-model';
import { activationSimNodes, ensureMsDomain, type TensorPrecision } from './qdq-nodes';
import { simulateWeights, type WeightPrecision } from './weight-sim';

export interface QdqPlan {
  /** Simulated precision of each float activation (node outputs and graph inputs); absent = float. */
  activations: Map<string, TensorPrecision>;
  weights: WeightPrecision;
  weightMethod: WeightMethod;
  /** Tensors whose producing op runs in float (hybrid): its weights are not quantised either. */
  floatOps: Set<string>;
}

/** Suffix of the float tensor a simulated node output is renamed to (the simulated value keeps the name). */
export const PRE_SIM_SUFFIX = '__float';
/** Name of a simulated graph input (the input itself keeps its name for feeding). */
export const simulatedInputName = (input: string): string => `${input}__sim`;

/**
 * Fake-quant model: every planned activation gets Q→DQ (or a Cast round trip) right after its
 * producer and keeps its name, so consumers, graph outputs and per-layer dumps of the QDQ model
 * line up with the float model by name; weights go through `simulateWeights`.
 */
export function insertQdq(model: OnnxModel, plan: QdqPlan): OnnxModel {
  const opset = opsetVersion(model);
  if (opset < 10)
    throw new UserError(
      `The model uses opset ${opset}; QuantizeLinear needs opset 10 or newer`,
      'Re-export the ONNX with opset 13 or newer (torch.onnx.export(..., opset_version=13)).',
      'invalid_input',
    );
  const out = cloneForEdit(model);
  const g = out.graph;
  const index = new GraphIndex(g);
  const skipWeights = (n: OnnxNode) => n.output.some((t) => plan.floatOps.has(t));
  const weights = simulateWeights(g.node, index, plan.weights, plan.weightMethod, opset, skipWeights);
  const head: OnnxNode[] = [...weights.nodes];
  g.initializer.push(...weights.initializers);
  let needsMs = false;
  const addSim = (input: string, output: string, precision: TensorPrecision, into: OnnxNode[]) => {
    const add = activationSimNodes(input, output, precision);
    into.push(...add.nodes);
    g.initializer.push(...add.initializers);
    if (precision.kind === 'int' && precision.params.type === 'int16') needsMs = true;
  };
  for (const input of g.input) {
    const precision = plan.activations.get(input.name);
    if (!precision || precision.kind === 'float' || index.initializers.has(input.name)) continue;
    const sim = simulatedInputName(input.name);
    for (const n of g.node) n.input = n.input.map((t) => (t === input.name ? sim : t));
    addSim(input.name, sim, precision, head);
  }
  const body: OnnxNode[] = [];
  for (const node of g.node) {
    body.push(node);
    node.output.forEach((t, k) => {
      const precision = t ? plan.activations.get(t) : undefined;
      if (!precision || precision.kind === 'float') return;
      node.output[k] = `${t}${PRE_SIM_SUFFIX}`;
      addSim(node.output[k], t, precision, body);
    });
  }
  g.node = [...head, ...body];
  const used = new Set(g.node.flatMap((n) => n.input));
  g.initializer = g.initializer.filter((t) => !t.name || used.has(t.name) || g.input.some((i) => i.name === t.name));
  if (needsMs) ensureMsDomain(out);
  return out;
}
