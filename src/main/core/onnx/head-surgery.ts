import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { z } from 'zod';
import { SurgeryPresetSchema } from '../../../shared/contract/toolchains-contract';
import { HEAD_METADATA_KEY, splitLevels } from '../detect/head-shapes';
import { UserError } from '../errors/user-error';
import { detectHeadLayout, type HeadLayout } from './head-layout';
import {
  encodeOnnx,
  float32Tensor,
  GraphIndex,
  loadOnnx,
  opsetVersion,
  shapeOf,
  TensorDataType,
  type Attribute,
  type OnnxModel,
  type OnnxNode,
  type Tensor,
  type ValueInfo,
} from './onnx-model';

export const SURGERY_PRESETS = SurgeryPresetSchema.options;
export type SurgeryPreset = z.infer<typeof SurgeryPresetSchema>;

/** The preset `auto` picks per head: rknn_model_zoo's default for each family. */
const AUTO_PRESET: Record<HeadLayout['kind'], SurgeryPreset> = {
  yolov8: 'rknn9',
  yolov5: 'yolov5-raw',
  yolox: 'yolox-raw',
};

/** The preset a request means for this head (`auto` → rknn_model_zoo's default). */
export const resolvePreset = (layout: HeadLayout, preset: SurgeryPreset): SurgeryPreset =>
  preset === 'auto' ? AUTO_PRESET[layout.kind] : preset;

export interface SurgeryOptions {
  preset: SurgeryPreset;
  /** Keep the class sigmoid inside the model (default). Without it the CPU applies sigmoid after dequantizing. */
  sigmoid?: boolean;
}

export interface SurgeryResult {
  model: OnnxModel;
  /** The head found, or null when the model was already cut (it passes through unchanged). */
  layout: HeadLayout | null;
  preset: SurgeryPreset;
  /** New graph outputs in order, e.g. box_0, cls_0, score_sum_0, box_1, … */
  outputs: string[];
}

const ATTR_INT = 2;
const ATTR_INTS = 7;

/**
 * Cuts a YOLO export before decoding so the NPU only computes convolutions (the rknn_model_zoo
 * layout): per scale `box` 1×4·reg_max×H×W and `cls` 1×C×H×W (sigmoid optional), plus `score_sum`
 * = clip(Σcls, 0, 1) for rknn9; or YOLOv5's three raw conv outputs. DFL, anchors and NMS move to the CPU.
 */
export function cutHead(source: OnnxModel, options: SurgeryOptions, sourceName = 'model'): SurgeryResult {
  const model = structuredClone(source);
  if (isAlreadyCut(model)) {
    if (options.preset !== 'auto' && !options.preset.startsWith('rknn')) throw alreadyCutError(sourceName, model);
    return { model, layout: null, preset: options.preset, outputs: model.graph.output.map((o) => o.name) };
  }
  const layout = detectHeadLayout(model, sourceName);
  const preset = resolvePreset(layout, options.preset);
  const graph = model.graph;
  const added: OnnxNode[] = [];
  const outputs: ValueInfo[] = [];
  const rename = new Map<string, string>();
  const channelsOf = new Map<string, number>();
  const sigmoid = options.sigmoid ?? true;
  const opset = opsetVersion(model);

  if (preset === 'yolov5-raw' || preset === 'yolox-raw') {
    if (layout.kind === 'yolov8' || AUTO_PRESET[layout.kind] !== preset) throw wrongLayout(sourceName, layout, preset);
    const channels = layout.kind === 'yolov5' ? layout.anchorsPerCell * (layout.numClasses + 5) : layout.numClasses + 5;
    layout.scales.forEach((s, i) => {
      rename.set(s.raw, `raw_${i}`);
      channelsOf.set(`raw_${i}`, channels);
    });
  } else {
    if (layout.kind !== 'yolov8') throw wrongLayout(sourceName, layout, preset);
    layout.scales.forEach((s, i) => {
      rename.set(s.box, `box_${i}`);
      channelsOf.set(`box_${i}`, layout.regMax * 4);
      const cls = `cls_${i}`;
      channelsOf.set(cls, layout.numClasses);
      if (sigmoid) {
        rename.set(s.cls, `cls_logits_${i}`);
        added.push({ name: `/surgery/cls_sigmoid_${i}`, opType: 'Sigmoid', input: [`cls_logits_${i}`], output: [cls] });
      } else rename.set(s.cls, cls);
      if (preset === 'rknn9') {
        channelsOf.set(`score_sum_${i}`, 1);
        added.push(...scoreSum(graph.initializer, cls, i, opset));
      }
    });
  }
  for (const node of graph.node) {
    node.input = node.input.map((t) => rename.get(t) ?? t);
    node.output = node.output.map((t) => rename.get(t) ?? t);
  }
  graph.node.push(...added);
  for (const name of channelsOf.keys()) outputs.push(outputInfo(name, channelsOf.get(name)!));
  graph.output = outputs;
  prune(model);
  const head = preset === 'yolov5-raw' ? 'yolov5-split' : preset === 'yolox-raw' ? 'yolox-split' : 'split';
  model.metadataProps = [...(model.metadataProps ?? []).filter((m) => m.key !== HEAD_METADATA_KEY)];
  model.metadataProps.push({ key: HEAD_METADATA_KEY, value: head });
  return { model, layout, preset, outputs: outputs.map((o) => o.name) };
}

const PRESET_NEEDS: Record<SurgeryPreset, string> = {
  auto: 'a known head',
  rknn6: 'a YOLOv8/11/v10 DFL head',
  rknn9: 'a YOLOv8/11/v10 DFL head',
  'yolov5-raw': 'a YOLOv5 anchor head',
  'yolox-raw': 'a YOLOX head',
};

function wrongLayout(source: string, layout: HeadLayout, preset: SurgeryPreset): UserError {
  return new UserError(
    `${source}: preset ${preset} needs ${PRESET_NEEDS[preset]}, ` +
      `but the model has a ${layout.kind} head (${layout.exporter})`,
    `Use the ${layout.kind === 'yolov8' ? 'rknn6 or rknn9' : AUTO_PRESET[layout.kind]} preset ` +
      '(or auto) for this model.',
    'invalid_input',
    'preset',
  );
}

function alreadyCutError(source: string, model: OnnxModel): UserError {
  return new UserError(
    `${source} is already cut in the rknn_model_zoo DFL layout (${model.graph.output.length} outputs); ` +
      'it passes through only with the auto, rknn6 or rknn9 preset',
    'Evaluate or convert it as it is.',
    'invalid_input',
    'preset',
  );
}

/** Outputs already in the rknn_model_zoo 6/9-output DFL layout (their static shapes say so). */
export function isAlreadyCut(model: OnnxModel): boolean {
  const outputs = model.graph.output.map((o) => ({ name: o.name, dims: shapeOf(o) }));
  if (outputs.some((o) => o.dims.some((d) => typeof d !== 'number'))) return false;
  return splitLevels(outputs as { dims: number[] }[]) !== null;
}

/**
 * clip(ReduceSum(cls, axis 1, keepdims), 0, 1), spelled for the model's opset (axes/min/max became inputs in 13/11).
 */
function scoreSum(initializers: Tensor[], cls: string, i: number, opset: number): OnnxNode[] {
  const sum = `score_sum_raw_${i}`;
  const reduce: OnnxNode = {
    name: `/surgery/score_sum_${i}`,
    opType: 'ReduceSum',
    input: [cls],
    output: [sum],
    attribute: [{ name: 'keepdims', type: ATTR_INT, i: 1 }],
  };
  if (opset >= 13) {
    initializers.push({ name: `/surgery/axes_${i}`, dims: [1], dataType: TensorDataType.INT64, int64Data: [1] });
    reduce.input.push(`/surgery/axes_${i}`);
  } else reduce.attribute!.push({ name: 'axes', type: ATTR_INTS, ints: [1] } satisfies Attribute);
  const clip: OnnxNode = { name: `/surgery/score_clip_${i}`, opType: 'Clip', input: [sum], output: [`score_sum_${i}`] };
  if (opset >= 11) {
    initializers.push(
      float32Tensor(`/surgery/zero_${i}`, [], Float32Array.of(0)),
      float32Tensor(`/surgery/one_${i}`, [], Float32Array.of(1)),
    );
    clip.input.push(`/surgery/zero_${i}`, `/surgery/one_${i}`);
  } else
    clip.attribute = [
      { name: 'min', type: 1, f: 0 },
      { name: 'max', type: 1, f: 1 },
    ];
  return [reduce, clip];
}

function outputInfo(name: string, channels: number): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: TensorDataType.FLOAT,
        shape: { dim: [{ dimValue: 1 }, { dimValue: channels }, { dimParam: `${name}_h` }, { dimParam: `${name}_w` }] },
      },
    },
  };
}

/** Drops every node, initializer and value_info the new outputs do not depend on (the old decode tail). */
function prune(model: OnnxModel): void {
  const graph = model.graph;
  const index = new GraphIndex(graph);
  const needed = new Set<string>();
  const keep = new Set<OnnxNode>();
  const stack = graph.output.map((o) => o.name);
  while (stack.length) {
    const tensor = stack.pop()!;
    if (needed.has(tensor)) continue;
    needed.add(tensor);
    const node = index.producer.get(tensor);
    if (node && !keep.has(node)) {
      keep.add(node);
      stack.push(...node.input.filter(Boolean));
    }
  }
  graph.node = graph.node.filter((n) => keep.has(n));
  graph.initializer = graph.initializer.filter((t) => t.name && needed.has(t.name));
  graph.valueInfo = graph.valueInfo.filter((v) => needed.has(v.name));
  graph.input = graph.input.filter((v) => needed.has(v.name));
}

/** Replaces symbolic H×W of the outputs with the real sizes, found by one inference on zeros. */
export async function fillStaticOutputShapes(model: OnnxModel): Promise<OnnxModel> {
  const bytes = encodeOnnx(model);
  const session = await ort.InferenceSession.create(bytes);
  try {
    const initializerNames = new Set(model.graph.initializer.map((t) => t.name));
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of model.graph.input.filter((i) => !initializerNames.has(i.name))) {
      const dims = shapeOf(input);
      if (dims.some((d) => typeof d !== 'number')) {
        throw new UserError(
          `Input ${input.name} has a dynamic shape (${dims.join('×')})`,
          'Export with a fixed image size and batch 1 (static shapes), as NPU converters require.',
          'invalid_input',
        );
      }
      const size = (dims as number[]).reduce((a, b) => a * b, 1);
      feeds[input.name] = new ort.Tensor('float32', new Float32Array(size), dims as number[]);
    }
    const result = await session.run(feeds);
    for (const out of model.graph.output) {
      const dims = result[out.name].dims;
      out.type = {
        tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: Number(d) })) } },
      };
    }
    return model;
  } finally {
    await session.release();
  }
}

/** File to file: reads the ONNX, cuts the head, fills static output shapes, writes `out` (temp name, then rename). */
export async function cutHeadFile(
  input: string,
  out: string,
  options: SurgeryOptions,
): Promise<{
  out: string;
  layout: HeadLayout | null;
  preset: SurgeryPreset;
  outputs: { name: string; shape: (number | string)[] }[];
}> {
  const { model, layout, preset } = cutHead(loadOnnx(input), options, input);
  await fillStaticOutputShapes(model);
  await mkdir(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  await writeFile(tmp, encodeOnnx(model));
  await rename(tmp, out);
  return { out, layout, preset, outputs: model.graph.output.map((o) => ({ name: o.name, shape: shapeOf(o) })) };
}
