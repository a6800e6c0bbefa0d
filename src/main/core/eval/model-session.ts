import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { UserError } from '../errors/user-error';
import { decodeOnnx, shapeOf } from '../onnx/onnx-model';

export interface ModelInfo {
  inputName: string;
  /** Static input size when the model fixes it. */
  inputWidth?: number;
  inputHeight?: number;
  /** Class names from Ultralytics-style metadata (`names`), when present. */
  classNames?: string[];
}

/** Parses Ultralytics' `names` metadata, a Python dict repr like "{0: 'person', 1: 'bicycle'}". */
export function parseNamesMetadata(value: string): string[] | undefined {
  const entries = [...value.matchAll(/(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)].map(
    (m) => [Number(m[1]), m[2] ?? m[3]] as const,
  );
  if (entries.length === 0 || entries.some(([k], i) => k !== i)) return undefined;
  return entries.map(([, v]) => v);
}

export function readModelInfo(bytes: Uint8Array, source: string): ModelInfo {
  const model = decodeOnnx(bytes, source);
  const inits = new Set(model.graph.initializer.map((t) => t.name));
  const input = model.graph.input.find((i) => !inits.has(i.name));
  if (!input)
    throw new UserError(
      `${source} has no graph input`,
      'Export the model with an image input (e.g. "images").',
      'invalid_input',
    );
  const dims = shapeOf(input);
  const meta = (model.metadataProps as { key: string; value: string }[] | undefined) ?? [];
  const names = meta.find((m) => m.key === 'names');
  const num = (v: number | string | undefined) => (typeof v === 'number' && v > 0 ? v : undefined);
  return {
    inputName: input.name,
    inputHeight: num(dims[2]),
    inputWidth: num(dims[3]),
    classNames: names ? parseNamesMetadata(names.value) : undefined,
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
      'Check the --model path.',
      'invalid_input',
    );
  }
}

/** CPU session options shared by every evaluation session (main thread or worker) and the benchmark's baseline. */
export function sessionOptions(threads?: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
    // Idle intra-op threads must not spin: between runs the CPU belongs to image decoding and NMS
    // (and on a shared machine spinning threads cost several times the inference itself).
    extra: { session: { 'intra_op.allow_spinning': '0' } },
  };
}

export const sessionLoadError = (source: string, error: Error): UserError =>
  new UserError(
    `${source}: onnxruntime cannot load the model (${error.message.split('\n')[0]})`,
    'Check the opset and operators of the export; re-export with a supported opset (<= 21).',
    'invalid_input',
  );

/** Reads the model (path or bytes) and opens an onnxruntime-node CPU session on it (on this thread). */
export async function openModelSession(
  model: string | Uint8Array,
  threads?: number,
): Promise<{ session: ort.InferenceSession; info: ModelInfo; source: string }> {
  const { bytes, source } = readModelBytes(model);
  const info = readModelInfo(bytes, source);
  try {
    return { session: await ort.InferenceSession.create(bytes, sessionOptions(threads)), info, source };
  } catch (error) {
    throw sessionLoadError(source, error as Error);
  }
}
