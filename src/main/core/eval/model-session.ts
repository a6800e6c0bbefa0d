import { readFileSync } from 'node:fs';
import type * as ort from 'onnxruntime-node';
import { UserError } from '../errors/user-error';
import type { HeadKind } from '../detect/detection-types';
import { HEAD_KINDS } from '../detect/detection-types';
import { HEAD_METADATA_KEY } from '../detect/head-shapes';
import { decodeOnnx, metadataValue, type OnnxModel, shapeOf } from '../onnx/onnx-model';
import { createSession } from '../runtime/ort-session';
import { sizeInputNames } from '../runtime/size-inputs';

export interface ModelInfo {
  inputName: string;
  /** Extra [1, 2] integer inputs (DETR's orig_target_sizes), fed with the model input's width and height. */
  sizeInputs: string[];
  /** Static input size when the model fixes it. */
  inputWidth?: number;
  inputHeight?: number;
  /** Ultralytics metadata `imgsz`: the size to use when the input is dynamic. */
  metadataImgsz?: { width: number; height: number };
  /** Class names from Ultralytics-style metadata (`names`), when present. */
  classNames?: string[];
  /** The decoder the metadata implies: Ultralytics `end2end`, or the note head surgery leaves in a cut model. */
  headHint?: HeadKind;
  /** Ultralytics metadata `end2end: True`: NMS-free outputs (kept by a cut model, whose CPU tail is then TopK). */
  endToEnd: boolean;
}

/** Parses Ultralytics' `names` metadata, a Python dict repr like "{0: 'person', 1: 'bicycle'}". */
export function parseNamesMetadata(value: string): string[] | undefined {
  const entries = [...value.matchAll(/(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)].map(
    (m) => [Number(m[1]), m[2] ?? m[3]] as const,
  );
  if (entries.length === 0 || entries.some(([k], i) => k !== i)) return undefined;
  return entries.map(([, v]) => v);
}

/** Ultralytics `imgsz` metadata: "[640, 640]" (h, w) or "640". */
function parseImgsz(value: string | undefined): [number, number] | undefined {
  const nums = value?.match(/\d+/g)?.map(Number) ?? [];
  if (nums.length === 1) return [nums[0], nums[0]];
  return nums.length === 2 ? [nums[0], nums[1]] : undefined;
}

/** The decoder a model's metadata names (a cut model's surgery note, Ultralytics `end2end`). */
export function headHintOf(model: OnnxModel): HeadKind | undefined {
  const noted = metadataValue(model, HEAD_METADATA_KEY);
  if (noted && (HEAD_KINDS as readonly string[]).includes(noted)) return noted as HeadKind;
  return metadataValue(model, 'end2end') === 'True' ? 'yolov10' : undefined;
}

export function readModelInfo(bytes: Uint8Array, source: string): ModelInfo {
  return modelInfoOf(decodeOnnx(bytes, source), source);
}

/** ModelInfo of a model already parsed (so a caller holding the graph does not read and parse the file again). */
export function modelInfoOf(model: OnnxModel, source: string): ModelInfo {
  const inits = new Set(model.graph.initializer.map((t) => t.name));
  const input = model.graph.input.find((i) => !inits.has(i.name));
  if (!input)
    throw new UserError(
      `${source} has no graph input`,
      'Export the model with an image input (e.g. "images").',
      'invalid_input',
    );
  const task = metadataValue(model, 'task');
  if (task && task !== 'detect')
    throw new UserError(
      `${source} is an Ultralytics ${task} model (metadata task: ${task}); eval scores detection boxes`,
      'Evaluate a detection export (task detect).',
      'invalid_input',
    );
  const dims = shapeOf(input);
  const names = metadataValue(model, 'names');
  const num = (v: number | string | undefined) => (typeof v === 'number' && v > 0 ? v : undefined);
  const imgsz = parseImgsz(metadataValue(model, 'imgsz'));
  return {
    inputName: input.name,
    sizeInputs: sizeInputNames(model, input, source),
    inputHeight: num(dims[2]),
    inputWidth: num(dims[3]),
    ...(imgsz && { metadataImgsz: { height: imgsz[0], width: imgsz[1] } }),
    classNames: names ? parseNamesMetadata(names) : undefined,
    headHint: headHintOf(model),
    endToEnd: metadataValue(model, 'end2end') === 'True',
  };
}

/** The model's bytes from a path (a missing file is a UserError naming it) or as given. */
export function readModelBytes(model: string | Uint8Array): { bytes: Uint8Array; source: string } {
  const source = typeof model === 'string' ? model : 'model bytes';
  try {
    return { bytes: typeof model === 'string' ? readFileSync(model) : model, source };
  } catch (error) {
    throw new UserError(
      `${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'model not found' : (error as Error).message}`,
      'Check the model path.',
      'invalid_input',
      'model',
    );
  }
}

/** Reads the model (path or bytes) and opens a session on it on this thread (runtime/ort-session.ts). */
export async function openModelSession(
  model: string | Uint8Array,
  threads?: number,
): Promise<{ session: ort.InferenceSession; info: ModelInfo; source: string }> {
  const { bytes, source } = readModelBytes(model);
  const info = readModelInfo(bytes, source);
  return { session: await createSession(bytes, { threads }, source), info, source };
}
