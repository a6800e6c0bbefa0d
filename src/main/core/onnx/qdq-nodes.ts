import type { QuantParams } from '../quant/quant-params';
import type { QuantizedWeight } from '../quant/weight-quant';
import { float32Tensor, type OnnxModel, type OnnxNode, type Tensor, TensorDataType } from './onnx-model';

/** How one activation tensor is simulated: integer fake-quant, a float16 round trip, or left as is. */
export type TensorPrecision = { kind: 'int'; params: QuantParams } | { kind: 'fp16' } | { kind: 'float' };

export interface GraphAdditions {
  nodes: OnnxNode[];
  initializers: Tensor[];
}

const INT_DTYPE = { uint8: TensorDataType.UINT8, int8: TensorDataType.INT8, int16: TensorDataType.INT16 } as const;
const MS_DOMAIN = 'com.microsoft';

function zeroPointTensor(name: string, params: QuantParams, dims: number[] = []): Tensor {
  const count = dims.reduce((a, b) => a * b, 1);
  const raw =
    params.type === 'int16'
      ? new Uint8Array(Int16Array.from({ length: count }, () => params.zeroPoint).buffer)
      : params.type === 'int8'
        ? new Uint8Array(Int8Array.from({ length: count }, () => params.zeroPoint).buffer)
        : Uint8Array.from({ length: count }, () => params.zeroPoint);
  return { name, dims, dataType: INT_DTYPE[params.type], rawData: raw };
}

/**
 * Nodes that turn float tensor `input` into its simulated value `output`. int16 uses the
 * com.microsoft Q/DQ (ai.onnx accepts 16-bit only from opset 21); fp16 is a Cast round trip.
 */
export function activationSimNodes(input: string, output: string, precision: TensorPrecision): GraphAdditions {
  if (precision.kind === 'float')
    return {
      nodes: [{ name: `${output}__identity`, opType: 'Identity', input: [input], output: [output] }],
      initializers: [],
    };
  if (precision.kind === 'fp16') {
    return {
      nodes: [
        {
          name: `${output}__to_fp16`,
          opType: 'Cast',
          input: [input],
          output: [`${output}__fp16`],
          attribute: [{ name: 'to', type: 2, i: TensorDataType.FLOAT16 }],
        },
        {
          name: `${output}__to_fp32`,
          opType: 'Cast',
          input: [`${output}__fp16`],
          output: [output],
          attribute: [{ name: 'to', type: 2, i: TensorDataType.FLOAT }],
        },
      ],
      initializers: [],
    };
  }
  const { params } = precision;
  const domain = params.type === 'int16' ? MS_DOMAIN : undefined;
  const scale = `${output}__scale`;
  const zp = `${output}__zp`;
  return {
    nodes: [
      { name: `${output}__Q`, opType: 'QuantizeLinear', domain, input: [input, scale, zp], output: [`${output}__q`] },
      {
        name: `${output}__DQ`,
        opType: 'DequantizeLinear',
        domain,
        input: [`${output}__q`, scale, zp],
        output: [output],
      },
    ],
    initializers: [float32Tensor(scale, [], Float32Array.of(params.scale)), zeroPointTensor(zp, params)],
  };
}

/** An int8 weight initializer plus the DequantizeLinear that yields `output` (per-axis needs opset ≥ 13). */
export function weightDequantNodes(name: string, dims: number[], w: QuantizedWeight, output: string): GraphAdditions {
  const perAxis = w.axis !== null;
  const scaleDims = perAxis ? [w.scales.length] : [];
  return {
    nodes: [
      {
        name: `${output}__DQ`,
        opType: 'DequantizeLinear',
        input: [`${name}__int8`, `${name}__wscale`, `${name}__wzp`],
        output: [output],
        attribute: perAxis ? [{ name: 'axis', type: 2, i: w.axis! }] : undefined,
      },
    ],
    initializers: [
      { name: `${name}__int8`, dims, dataType: TensorDataType.INT8, rawData: new Uint8Array(w.data.buffer.slice(0)) },
      float32Tensor(`${name}__wscale`, scaleDims, w.scales),
      {
        name: `${name}__wzp`,
        dims: scaleDims,
        dataType: TensorDataType.INT8,
        rawData: new Uint8Array(w.scales.length),
      },
    ],
  };
}

export function ensureMsDomain(model: OnnxModel): void {
  const imports = (model.opsetImport ??= []);
  if (!imports.some((o) => o.domain === MS_DOMAIN)) imports.push({ domain: MS_DOMAIN, version: 1 });
}
