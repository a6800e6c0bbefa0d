import { fp16Round } from '../quant/fp16-round';
import { dequantizeWeight, quantizeWeight, type WeightMethod } from '../quant/weight-quant';
import { float32Tensor, type GraphIndex, type OnnxNode, tensorToFloat32, TensorDataType } from './onnx-model';
import type { GraphAdditions } from './qdq-nodes';
import { weightDequantNodes } from './qdq-nodes';

export type WeightPrecision = 'int8' | 'fp16' | 'float';

/** Output-channel axis of the weight (input 1) of the ops whose weights NPUs quantise; null for other ops. */
export function weightAxis(node: OnnxNode, rank: number): number | null {
  switch (node.opType) {
    case 'Conv':
      return 0;
    case 'ConvTranspose':
      return 1;
    case 'Gemm':
      return node.attribute?.find((a) => a.name === 'transB')?.i ? 0 : 1;
    case 'MatMul':
      return rank - 1;
    default:
      return null;
  }
}

/**
 * Rewrites input 1 of every weight-carrying node into its simulated weight. With opset ≥ 13 int8
 * weights become an int8 initializer + DequantizeLinear (the QDQ form TensorRT reads); below that
 * DequantizeLinear has no axis, so the dequantised values are baked into a float initializer (the
 * same numbers). fp16 weights are always baked. `skip(node)` leaves a node's weights float (hybrid).
 */
export function simulateWeights(
  nodes: OnnxNode[],
  index: GraphIndex,
  precision: WeightPrecision,
  method: WeightMethod,
  opset: number,
  skip: (node: OnnxNode) => boolean,
): GraphAdditions {
  const out: GraphAdditions = { nodes: [], initializers: [] };
  if (precision === 'float') return out;
  const done = new Map<string, string>();
  for (const node of nodes) {
    const name = node.input[1];
    const init = name ? index.initializers.get(name) : undefined;
    if (!init || init.dataType !== TensorDataType.FLOAT || skip(node)) continue;
    const dims = init.dims ?? [];
    const axis = weightAxis(node, dims.length);
    if (axis === null) continue;
    const cached = done.get(name);
    if (cached) {
      node.input[1] = cached;
      continue;
    }
    const values = tensorToFloat32(init);
    let simulated: string;
    if (precision === 'fp16') {
      simulated = `${name}__fp16`;
      out.initializers.push(float32Tensor(simulated, dims, values.map(fp16Round)));
    } else {
      const q = quantizeWeight(values, dims, axis, method);
      if (opset >= 13 || q.axis === null) {
        simulated = `${name}__dq`;
        const add = weightDequantNodes(name, dims, q, simulated);
        out.nodes.push(...add.nodes);
        out.initializers.push(...add.initializers);
      } else {
        simulated = `${name}__fq`;
        out.initializers.push(float32Tensor(simulated, dims, dequantizeWeight(q, dims)));
      }
    }
    done.set(name, simulated);
    node.input[1] = simulated;
  }
  return out;
}
