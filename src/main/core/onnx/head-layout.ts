import { UserError } from '../errors/user-error';
import { GraphIndex, type OnnxModel, type OnnxNode } from './onnx-model';

/** One scale of a YOLOv8/11 head: the 4*reg_max box conv and the class conv that feed the level's Concat. */
export interface DflScale {
  box: string;
  cls: string;
}

export type HeadLayout =
  | { kind: 'yolov8'; regMax: number; numClasses: number; scales: DflScale[] }
  | { kind: 'yolov5'; anchorsPerCell: number; numClasses: number; scales: { raw: string }[] };

const intAttr = (node: OnnxNode, name: string): number | undefined => node.attribute?.find((a) => a.name === name)?.i;

/** Output channel count of a Conv, read from its weight initializer. */
function convChannels(index: GraphIndex, node: OnnxNode | undefined): number | null {
  if (!node || node.opType !== 'Conv') return null;
  const weight = index.initializers.get(node.input[1]);
  return weight?.dims?.[0] ?? null;
}

/**
 * Orders per-scale tensors the way the model concatenates them (stride 8 first in Ultralytics exports):
 * by the input position of their downstream Concat, else by graph order.
 */
function scaleOrder(index: GraphIndex, tensors: string[]): number[] {
  const position = (tensor: string): number => {
    let frontier = [tensor];
    for (let depth = 0; depth < 4; depth++) {
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

function findDflHead(index: GraphIndex): HeadLayout | null {
  const found: DflScale[] = [];
  let numClasses = -1;
  let regMax = -1;
  for (const node of index.graph.node) {
    if (node.opType !== 'Concat' || node.input.length !== 2 || (intAttr(node, 'axis') ?? 0) !== 1) continue;
    const [boxNode, clsNode] = node.input.map((t) => index.producer.get(t));
    const boxCh = convChannels(index, boxNode);
    const clsCh = convChannels(index, clsNode);
    if (boxCh === null || clsCh === null || boxCh % 4 !== 0 || boxCh / 4 < 8) continue;
    if (numClasses !== -1 && (clsCh !== numClasses || boxCh / 4 !== regMax)) continue;
    numClasses = clsCh;
    regMax = boxCh / 4;
    found.push({ box: node.input[0], cls: node.input[1] });
  }
  if (found.length === 0) return null;
  const order = scaleOrder(
    index,
    found.map((s) => s.box),
  );
  const scales = found.map((_, i) => found[order.indexOf(i)]);
  return { kind: 'yolov8', regMax, numClasses, scales };
}

function findAnchorHead(index: GraphIndex): HeadLayout | null {
  const raws: string[] = [];
  let channels = -1;
  for (const node of index.graph.node) {
    const ch = convChannels(index, node);
    if (ch === null || ch % 3 !== 0 || ch / 3 < 6) continue;
    const consumers = index.consumers.get(node.output[0]) ?? [];
    const reshape = consumers.length === 1 && consumers[0].opType === 'Reshape' ? consumers[0] : undefined;
    const permute = reshape && (index.consumers.get(reshape.output[0]) ?? []).find((c) => c.opType === 'Transpose');
    if (!permute || (channels !== -1 && ch !== channels)) continue;
    channels = ch;
    raws.push(node.output[0]);
  }
  if (raws.length === 0) return null;
  const order = scaleOrder(index, raws);
  return {
    kind: 'yolov5',
    anchorsPerCell: 3,
    numClasses: channels / 3 - 5,
    scales: raws.map((_, i) => ({ raw: raws[order.indexOf(i)] })),
  };
}

/** Finds the detection head of a YOLOv8/11 (DFL) or YOLOv5 (anchor) export. */
export function detectHeadLayout(model: OnnxModel, source = 'model'): HeadLayout {
  const index = new GraphIndex(model.graph);
  const layout = findDflHead(index) ?? findAnchorHead(index);
  if (!layout) {
    throw new UserError(
      `${source}: no YOLO detection head found (expected per-scale Concat(box conv with 4*reg_max channels, ` +
        "class conv) as in YOLOv8/11, or YOLOv5's conv → Reshape → Transpose)",
      'Use the plain Ultralytics ONNX export (not an already cut or end-to-end/NMS export) as the surgery input.',
      'invalid_input',
    );
  }
  return layout;
}
