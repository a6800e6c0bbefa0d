import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { UserError } from '../errors/user-error';
import schema from './onnx-schema.json';

/**
 * ONNX protobuf read/write. The schema is onnx 1.12's onnx.proto (IR 8, Apache-2.0) as a protobufjs
 * JSON descriptor. Fields newer than that schema are dropped on re-encode; int64s are plain numbers.
 */
const root = protobuf.Root.fromJSON(schema as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');

export const TensorDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;

export interface Dim {
  dimValue?: number;
  dimParam?: string;
}
export interface TypeProto {
  tensorType?: { elemType?: number; shape?: { dim?: Dim[] } };
}
export interface ValueInfo {
  name: string;
  type?: TypeProto;
  docString?: string;
}
export interface Attribute {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: Tensor;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  g?: Graph;
}
export interface OnnxNode {
  name?: string;
  opType: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute?: Attribute[];
  docString?: string;
}
export interface Tensor {
  name?: string;
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  rawData?: Uint8Array;
  dataLocation?: number;
  externalData?: { key: string; value: string }[];
}
export interface Graph {
  name?: string;
  node: OnnxNode[];
  initializer: Tensor[];
  input: ValueInfo[];
  output: ValueInfo[];
  valueInfo: ValueInfo[];
}
export interface OnnxModel {
  irVersion?: number;
  opsetImport?: { domain?: string; version: number }[];
  producerName?: string;
  producerVersion?: string;
  metadataProps?: { key: string; value: string }[];
  graph: Graph;
  [key: string]: unknown;
}

export function decodeOnnx(bytes: Uint8Array, source = 'model'): OnnxModel {
  let message: protobuf.Message;
  try {
    message = ModelProto.decode(bytes);
  } catch (error) {
    throw new UserError(
      `${source} is not a valid ONNX file (${(error as Error).message})`,
      'Re-export the model (e.g. torch.onnx.export or `yolo export format=onnx`).',
      'invalid_input',
    );
  }
  const model = ModelProto.toObject(message, { longs: Number, arrays: true, defaults: false }) as OnnxModel;
  if (!model.graph || !Array.isArray(model.graph.node) || model.graph.node.length === 0) {
    throw new UserError(
      `${source} has no graph nodes; it is not an ONNX model`,
      'Check that the file is the exported .onnx, not a .pt or a truncated copy.',
      'invalid_input',
    );
  }
  for (const key of ['node', 'initializer', 'input', 'output', 'valueInfo'] as const) model.graph[key] ??= [];
  return model;
}

export function loadOnnx(file: string): OnnxModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UserError(
      `Cannot read ONNX model ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'Check the path.',
      'invalid_input',
    );
  }
  return decodeOnnx(bytes, file);
}

export function encodeOnnx(model: OnnxModel): Uint8Array {
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

export function opsetVersion(model: OnnxModel): number {
  return model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 0;
}

/** A metadata_props value (Ultralytics writes imgsz, names, stride, task, end2end there). */
export function metadataValue(model: OnnxModel, key: string): string | undefined {
  return model.metadataProps?.find((m) => m.key === key)?.value;
}

export function shapeOf(info: ValueInfo): (number | string)[] {
  return (info.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimValue ?? d.dimParam ?? '?');
}

/** An int64 or int32 value (DETR's orig_target_sizes input and labels output). */
export function isIntegerValue(info: ValueInfo): boolean {
  const type = info.type?.tensorType?.elemType;
  return type === TensorDataType.INT64 || type === TensorDataType.INT32;
}

/**
 * Own, aligned copy of raw bytes: protobufjs hands out unaligned Buffer views into the file (Buffer#slice does not
 * copy).
 */
export function copyBytes(raw: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  return copy.buffer;
}

export function tensorToFloat32(t: Tensor): Float32Array {
  if (t.dataType === TensorDataType.FLOAT) {
    if (t.rawData && t.rawData.length) return new Float32Array(copyBytes(t.rawData));
    return Float32Array.from(t.floatData ?? []);
  }
  if (t.dataType === TensorDataType.DOUBLE)
    return Float32Array.from(t.rawData?.length ? new Float64Array(copyBytes(t.rawData)) : (t.doubleData ?? []));
  throw new Error(`Tensor ${t.name ?? '?'} has data type ${t.dataType}, not float`);
}

export function float32Tensor(name: string, dims: number[], data: Float32Array): Tensor {
  return {
    name,
    dims,
    dataType: TensorDataType.FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  };
}

/** Lookups over a graph: producer of each tensor, consumers, initializers by name. */
export class GraphIndex {
  readonly producer = new Map<string, OnnxNode>();
  readonly consumers = new Map<string, OnnxNode[]>();
  readonly initializers = new Map<string, Tensor>();

  constructor(readonly graph: Graph) {
    for (const t of graph.initializer) if (t.name) this.initializers.set(t.name, t);
    for (const node of graph.node) {
      for (const out of node.output) this.producer.set(out, node);
      for (const input of node.input) {
        if (!input) continue;
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
  }

  /** Tensors computed by nodes (not initializers), in graph order: what per-layer analysis compares. */
  activationTensors(): string[] {
    return this.graph.node.flatMap((n) => n.output).filter((t) => t && !this.initializers.has(t));
  }
}
