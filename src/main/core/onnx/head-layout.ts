import { UserError } from '../errors/user-error';
import { beforeQdq, convSource, intAttr, quantizedOps, reaches } from './head-patterns';
import { GraphIndex, type OnnxModel, type OnnxNode, shapeOf } from './onnx-model';

/** One scale of a YOLOv8/11 head: the 4*reg_max box conv output and the class conv output. */
export interface DflScale {
  box: string;
  cls: string;
}

/**
 * A detection head found by structure. `exporter` says which export graph matched:
 * - yolov8 `per-scale-concat`: Ultralytics ≤ 8.2, Concat(box, cls) per scale, then one decode;
 * - yolov8 `split-concat`: Ultralytics ≥ 8.3 / YOLO11, box and class convs reshaped to [1, ch, H·W] and
 *   concatenated over scales separately; `endToEnd` when a TopK tail follows (YOLOv10 / end2end heads);
 * - yolov5: per-scale conv → Reshape → Transpose → Sigmoid/grid decode (yolov5 export.py);
 * - yolox: per-scale Concat(reg, sigmoid(obj), sigmoid(cls)) before the decode.
 * Tensors are those after any quantize/dequantize pair the conv output carries.
 */
export type HeadLayout = { exporter: string } & (
  | {
      kind: 'yolov8';
      pattern: 'per-scale-concat' | 'split-concat';
      endToEnd: boolean;
      regMax: number;
      numClasses: number;
      scales: DflScale[];
    }
  | { kind: 'yolov5'; anchorsPerCell: number; numClasses: number; scales: { raw: string }[] }
  | { kind: 'yolox'; numClasses: number; scales: { raw: string }[] }
);

/**
 * Orders per-scale tensors the way the model concatenates them (stride 8 first in Ultralytics exports):
 * by the input position of their downstream Concat, else by graph order.
 */
function scaleOrder(index: GraphIndex, tensors: string[]): number[] {
  const position = (tensor: string): number => {
    let frontier = [tensor];
    for (let depth = 0; depth < 6; depth++) {
      const next: string[] = [];
      for (const t of frontier) {
        for (const consumer of index.consumers.get(t) ?? []) {
          if (consumer.opType === 'Concat' && consumer.input.length === tensors.length) {
            const reached = consumer.input.indexOf(t);
            if (reached >= 0) return reached;
          }
          next.push(...consumer.output);
        }
      }
      frontier = next;
    }
    return -1;
  };
  const positions = tensors.map(position);
  if (new Set(positions).size === tensors.length && positions.every((p) => p >= 0)) return positions;
  const nodeOrder = tensors.map((t) => index.graph.node.indexOf(index.producer.get(t)!));
  return nodeOrder.map((p) => [...nodeOrder].sort((a, b) => a - b).indexOf(p));
}

const ordered = <T>(items: T[], order: number[]): T[] => items.map((_, i) => items[order.indexOf(i)]);
const hasTopK = (index: GraphIndex) => index.graph.node.some((n) => n.opType === 'TopK');

function findPerScaleDfl(index: GraphIndex): HeadLayout | null {
  const found: DflScale[] = [];
  let numClasses = -1;
  let regMax = -1;
  for (const node of index.graph.node) {
    if (node.opType !== 'Concat' || node.input.length !== 2 || (intAttr(node, 'axis') ?? 0) !== 1) continue;
    const [box, cls] = node.input.map((t) => convSource(index, t));
    if (!box || !cls || box.channels % 4 !== 0 || box.channels / 4 < 8) continue;
    if (numClasses !== -1 && (cls.channels !== numClasses || box.channels / 4 !== regMax)) continue;
    numClasses = cls.channels;
    regMax = box.channels / 4;
    found.push({ box: node.input[0], cls: node.input[1] });
  }
  if (found.length === 0) return null;
  const scales = ordered(
    found,
    scaleOrder(
      index,
      found.map((s) => s.box),
    ),
  );
  const endToEnd = hasTopK(index);
  const exporter = endToEnd ? 'YOLOv10 (v10Detect one-to-one branch)' : 'Ultralytics ≤ 8.2 (per-scale Concat)';
  return { kind: 'yolov8', pattern: 'per-scale-concat', endToEnd, regMax, numClasses, scales, exporter };
}

/** Concat over scales of Reshape(conv) inputs that all have the same channel count: one half of a ≥ 8.3 head. */
function reshapedConvConcats(index: GraphIndex): { node: OnnxNode; convs: string[]; channels: number }[] {
  const found = [];
  for (const node of index.graph.node) {
    if (node.opType !== 'Concat') continue;
    const sources = node.input.map((t) => {
      const reshape = index.producer.get(beforeQdq(index, t));
      if (reshape?.opType !== 'Reshape') return null;
      const src = convSource(index, reshape.input[0]);
      return src && { src, tensor: reshape.input[0] };
    });
    if (sources.some((s) => !s)) continue;
    const channels = sources[0]!.src.channels;
    if (sources.some((s) => s!.src.channels !== channels)) continue;
    found.push({ node, convs: sources.map((s) => s!.tensor), channels });
  }
  return found;
}

function findSplitDfl(index: GraphIndex): HeadLayout | null {
  const concats = reshapedConvConcats(index);
  // The box half feeds the DFL (Reshape → Transpose → Softmax), the class half the Sigmoid.
  const box = concats.find((c) => c.channels % 4 === 0 && reaches(index, c.node.output[0], 'Softmax', 6));
  const cls = concats.find(
    (c) => c !== box && c.convs.length === box?.convs.length && reaches(index, c.node.output[0], 'Sigmoid', 3),
  );
  if (!box || !cls || box.channels / 4 < 2) return null;
  const endToEnd = hasTopK(index);
  return {
    kind: 'yolov8',
    pattern: 'split-concat',
    endToEnd,
    regMax: box.channels / 4,
    numClasses: cls.channels,
    scales: box.convs.map((b, i) => ({ box: b, cls: cls.convs[i] })),
    exporter: endToEnd
      ? 'YOLOv10 / end-to-end head (one-to-one branch, TopK tail)'
      : 'Ultralytics ≥ 8.3 / YOLO11 (split Reshape → Concat)',
  };
}

function findYolox(index: GraphIndex): HeadLayout | null {
  const raws: string[] = [];
  let numClasses = -1;
  for (const node of index.graph.node) {
    if (node.opType !== 'Concat' || node.input.length !== 3 || (intAttr(node, 'axis') ?? 0) !== 1) continue;
    const reg = convSource(index, node.input[0]);
    const [obj, cls] = node.input.slice(1).map((t) => {
      const sig = index.producer.get(beforeQdq(index, t));
      return sig?.opType === 'Sigmoid' ? convSource(index, sig.input[0]) : null;
    });
    if (reg?.channels !== 4 || obj?.channels !== 1 || !cls) continue;
    if (numClasses !== -1 && cls.channels !== numClasses) continue;
    numClasses = cls.channels;
    raws.push(node.output[0]);
  }
  if (raws.length === 0) return null;
  const scales = ordered(raws, scaleOrder(index, raws)).map((raw) => ({ raw }));
  return { kind: 'yolox', numClasses, scales, exporter: 'YOLOX (per-scale Concat(reg, obj, cls))' };
}

function findYolov5(index: GraphIndex): HeadLayout | null {
  const raws: string[] = [];
  let channels = -1;
  for (const reshape of index.graph.node) {
    if (reshape.opType !== 'Reshape') continue;
    const src = convSource(index, reshape.input[0]);
    if (!src || src.channels % 3 !== 0 || src.channels / 3 < 6 || (channels !== -1 && src.channels !== channels))
      continue;
    if (!(index.consumers.get(reshape.output[0]) ?? []).some((c) => c.opType === 'Transpose')) continue;
    channels = src.channels;
    raws.push(reshape.input[0]);
  }
  if (raws.length === 0) return null;
  return {
    kind: 'yolov5',
    anchorsPerCell: 3,
    numClasses: channels / 3 - 5,
    scales: ordered(raws, scaleOrder(index, raws)).map((raw) => ({ raw })),
    exporter: 'YOLOv5 (yolov5 export.py: conv → Reshape → Transpose)',
  };
}

export const EXPECTED_HEADS =
  'Ultralytics ≤ 8.2 (per-scale Concat(box, cls)), Ultralytics ≥ 8.3 / YOLO11 (box and class convs reshaped and ' +
  'concatenated over scales), YOLOv10 (one-to-one branch before TopK), YOLOv5 (conv → Reshape → Transpose), ' +
  'YOLOX (per-scale Concat(reg, obj, cls))';

/** A short account of a graph for refusal messages: its outputs and the ops that characterise heads. */
export function describeGraph(model: OnnxModel): string {
  const index = new GraphIndex(model.graph);
  const outs = model.graph.output.map((o) => `${o.name}[${shapeOf(o).join(',')}]`).join(', ');
  const ops = ['Concat', 'Reshape', 'Softmax', 'Sigmoid', 'TopK']
    .map((op) => `${op} ×${model.graph.node.filter((n) => n.opType === op).length}`)
    .join(', ');
  const quant = quantizedOps(index);
  return `outputs ${outs}; ops ${ops}${quant.length ? `; quantized (${quant.join(', ')})` : ''}`;
}

/** Finds the detection head of a YOLOv8/11/v10, YOLOv5 or YOLOX export by structure. */
export function detectHeadLayout(model: OnnxModel, source = 'model'): HeadLayout {
  const index = new GraphIndex(model.graph);
  const layout = findPerScaleDfl(index) ?? findSplitDfl(index) ?? findYolox(index) ?? findYolov5(index);
  if (!layout) {
    throw new UserError(
      `${source}: no known detection head found. Found: ${describeGraph(model)}. Expected one of: ${EXPECTED_HEADS}`,
      'Use the plain exporter ONNX (not an NMS-fused export). Models whose outputs are already per-scale tensors ' +
        'need no surgery: evaluate them directly.',
      'invalid_input',
    );
  }
  return layout;
}
