import {
  type Attribute,
  float32Tensor,
  type OnnxModel,
  type OnnxNode,
  type Tensor,
  TensorDataType,
  type ValueInfo,
} from './onnx-model';

/** Attribute values: integer → INT, integer list → INTS, {f} → FLOAT, {s} → STRING, {t} → TENSOR. */
export type AttrValue = number | number[] | { f: number } | { s: string } | { t: Tensor };

export function toAttribute(name: string, v: AttrValue): Attribute {
  if (typeof v === 'number') return { name, type: 2, i: v };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if ('f' in v) return { name, type: 1, f: v.f };
  if ('t' in v) return { name, type: 4, t: v.t };
  return { name, type: 3, s: new TextEncoder().encode(v.s) };
}

/**
 * Builds ONNX graphs in code (test models, the benchmark network) with torch-export-like names:
 * node `/<scope>/<Op>_<n>`, output `<node>_output_0`.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly inits: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly opset = 13,
    readonly name = 'graph',
  ) {}

  input(name: string, dims: number[]): string {
    this.inputs.push({
      name,
      type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
    });
    return name;
  }

  init(name: string, dims: number[], data: Float32Array | number[]): string {
    this.inits.push(float32Tensor(name, dims, Float32Array.from(data)));
    return name;
  }

  initInt64(name: string, values: number[]): string {
    this.inits.push({ name, dims: [values.length], dataType: TensorDataType.INT64, int64Data: values });
    return name;
  }

  /** Adds a node; returns its output names. */
  ops(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, scope = '', outputs = 1): string[] {
    const key = `${scope}/${opType}`;
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    const name = `${scope}/${opType}${n ? `_${n}` : ''}`;
    const out = Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`);
    this.nodes.push({
      name,
      opType,
      input: inputs,
      output: out,
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    return out;
  }

  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, scope = ''): string {
    return this.ops(opType, inputs, attrs, scope)[0];
  }

  output(tensor: string): void {
    this.outputs.push({ name: tensor });
  }

  build(): OnnxModel {
    return {
      irVersion: 8,
      producerName: 'npu-workbench',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: this.name,
        node: [...this.nodes],
        initializer: [...this.inits],
        input: [...this.inputs],
        output: [...this.outputs],
        valueInfo: [],
      },
    };
  }
}
