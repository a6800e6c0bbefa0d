import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Float32Pool } from '../data/float32-pool';
import type { RawTensor } from '../detect/detection-types';
import { UserError } from '../errors/user-error';
import { fromHalfBits, toHalfBits } from '../onnx/float16';
import type { WorkerData, WorkerRequest } from './ort-worker-protocol';
import { ortSessionOptions, sessionLoadError } from '../runtime/ort-session';
import type { ModelInfo } from './model-session';

/**
 * An onnxruntime-node session living in a worker thread. onnxruntime-node's `run` executes
 * synchronously on the calling thread (the promise only defers it with setImmediate), so on the main
 * thread it blocks letterboxing, NMS and scoring; in a worker they run while the model computes, and
 * session creation overlaps dataset loading. float16 models (fp16 input and/or outputs) are fed and
 * read as raw IEEE half bits in Uint16Arrays, converted from/to float32 here (onnx/float16.ts).
 */
export interface WorkerSession {
  info: ModelInfo;
  source: string;
  /** Input element type the model declares (float32 or float16). */
  inputType: string;
  /** onnxruntime intra-op threads in use; 0 = its default (one per core). */
  intraOpThreads: number;
  outputNames: string[];
  /** Runs one NCHW float32 input; the input's buffer is transferred (detached) when it owns it whole. */
  run(input: Float32Array, dims: readonly number[]): Promise<RawTensor[]>;
  release(): Promise<void>;
}

/**
 * The worker's entry: ort-worker.js beside the bundled main (electron-vite builds it as its own entry), else the
 * TypeScript source next to this file (vitest, and the CLI under tsx; Node strips its types).
 */
function workerEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, 'ort-worker.js');
  return existsSync(built) ? built : path.join(here, 'ort-worker.ts');
}

type WorkerOutput = {
  name: string;
  type: 'float32' | 'float16' | 'integer';
  dims: number[];
  data: Float32Array | Uint16Array;
};
type Reply = {
  id: number;
  outputs?: WorkerOutput[];
  input?: Float32Array;
  badOutput?: { name: string; type: string };
  error?: string;
};

/**
 * Below this time per inference on one thread, evaluation keeps onnxruntime single-threaded (see the worker's probe).
 */
export const SINGLE_THREAD_BELOW_MS = 10;

/**
 * Opens the model (bytes already read and parsed by readModelBytes/readModelInfo) in a worker and
 * resolves once the session is ready. Without `threads`, the intra-op thread count is chosen by
 * timing the model at `inputDims`: one thread when an inference on one thread takes under
 * SINGLE_THREAD_BELOW_MS, else onnxruntime's default (one per core).
 */
export async function openWorkerSession(
  model: { bytes: Uint8Array; source: string; info: ModelInfo },
  opts: {
    threads?: number;
    inputDims: number[];
    /** Receives each float32 input back after its run. */ inputPool?: Float32Pool;
  },
): Promise<WorkerSession> {
  const { bytes, source, info } = model;
  const probe = opts.threads
    ? undefined
    : { dims: opts.inputDims, fastMs: SINGLE_THREAD_BELOW_MS, defaultOptions: ortSessionOptions() };
  const workerData: WorkerData = {
    bytes,
    inputName: info.inputName,
    sizeInputs: info.sizeInputs,
    options: ortSessionOptions({ threads: opts.threads ?? 1 }),
    threads: opts.threads ?? 1,
    probe,
  };
  const worker = new Worker(workerEntry(), { workerData });
  const pending = new Map<number, { resolve: (t: RawTensor[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let dead: Error | undefined;
  const fail = (error: Error) => {
    dead ??= error;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.on('error', fail);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('exit', () => fail(new Error(`${source}: the onnxruntime worker exited`)));
  /** Ends the worker between runs (see ort-worker.ts); a worker that already stopped resolves at once. */
  const close = async () => {
    dead ??= new Error(`${source}: the onnxruntime session was released`);
    const close: WorkerRequest = { kind: 'close' };
    worker.postMessage(close); // a no-op once the thread is gone
    await exited;
  };
  const ready = await new Promise<{ inputType: string; outputNames: string[]; threads: number }>((resolve, reject) => {
    worker.once(
      'message',
      (m: { kind: 'ready' | 'failed'; message?: string; inputType: string; outputNames: string[]; threads: number }) =>
        m.kind === 'ready' ? resolve(m) : reject(sessionLoadError(source, new Error(m.message))),
    );
    worker.once('error', reject);
  }).catch(async (error: Error) => {
    await exited; // a worker whose session failed to open has nothing left to do and stops by itself
    throw error;
  });
  if (ready.inputType !== 'float32' && ready.inputType !== 'float16') {
    await close();
    throw new UserError(
      `${source}: input ${info.inputName} is ${ready.inputType}; only float32 and float16 inputs are supported`,
      'Evaluate the float (fp32 or fp16) export of the model.',
      'invalid_input',
    );
  }
  worker.on('message', (m: Reply) => {
    if (m.input) opts.inputPool?.give(m.input);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.outputs)
      p.resolve(
        m.outputs.map((o) => ({
          name: o.name,
          dims: o.dims,
          data: o.type === 'float16' ? fromHalfBits(o.data as Uint16Array) : (o.data as Float32Array),
          ...(o.type === 'integer' && { integer: true }),
        })),
      );
    else if (m.badOutput)
      p.reject(
        new UserError(
          `${source}: output ${m.badOutput.name} is ${m.badOutput.type}, not float32/float16 (or int32/int64 labels)`,
          'Evaluate the float model, or dequantize its outputs.',
          'invalid_input',
        ),
      );
    else
      p.reject(
        new UserError(
          `${source}: onnxruntime failed to run the model (${m.error?.split('\n')[0]})`,
          'Check that the input size matches the export and the model runs in onnxruntime.',
          'invalid_input',
          'imgsz',
        ),
      );
  });
  return {
    info,
    source,
    inputType: ready.inputType,
    intraOpThreads: ready.threads,
    outputNames: ready.outputNames,
    run: (input, dims) =>
      new Promise<RawTensor[]>((resolve, reject) => {
        if (dead) return reject(dead);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const whole = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength;
        const data = ready.inputType === 'float16' ? toHalfBits(input) : whole ? input : input.slice();
        const request: WorkerRequest = { kind: 'run', id, data, dims: [...dims] };
        worker.postMessage(request, [data.buffer as ArrayBuffer]);
      }),
    release: close,
  };
}
