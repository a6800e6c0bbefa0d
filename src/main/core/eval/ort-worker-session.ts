import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Float32Pool } from '../data/float32-pool';
import type { RawTensor } from '../detect/detection-types';
import { UserError } from '../errors/user-error';
import { fromHalfBits, toHalfBits } from '../onnx/float16';
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

// Plain CommonJS so it runs as an `eval` worker both under tsx and in the bundled Electron main.
// Float16Array is hidden from this worker before onnxruntime loads: where it exists, onnxruntime-common
// wraps float16 data in it, and the native binding then reads 0 bytes ("not enough space: expected N,
// got 0"); without it float16 tensors stay Uint16Array bits both ways.
const WORKER_BODY = `
delete globalThis.Float16Array;
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
(async () => {
  let session;
  let threads = workerData.threads;
  try {
    session = await ort.InferenceSession.create(workerData.bytes, workerData.options);
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', message: String((error && error.message) || error) });
    return;
  }
  const meta = session.inputMetadata.find((m) => m.name === workerData.inputName);
  const inputType = (meta && meta.type) || 'float32';
  // DETR-style second inputs (orig_target_sizes [1,2]) get the model input's own width and height, so boxes come
  // out in model-input pixels like every other head's.
  const feeds = (image, dims) => {
    const all = { [workerData.inputName]: image };
    for (const name of workerData.sizeInputs)
      all[name] = new ort.Tensor('int64', BigInt64Array.from([BigInt(dims[3]), BigInt(dims[2])]), [1, 2]);
    return all;
  };
  if (workerData.probe) {
    // Threads left to us: the session starts on one intra-op thread and times the model (zeros; the
    // first run only warms up, as the first real run would). A model this cheap gains nothing from
    // more threads (measured on the demo model: same speed, 40 % more CPU), and they would take the
    // core that decodes and letterboxes the next images; a costlier one reopens with the default pool.
    const { dims, fastMs, defaultOptions } = workerData.probe;
    const n = dims.reduce((a, b) => a * b, 1);
    const zeros = new ort.Tensor(inputType, inputType === 'float16' ? new Uint16Array(n) : new Float32Array(n), dims);
    let best = Infinity;
    try {
      for (let i = 0; i < 3 && best >= fastMs; i++) {
        const t0 = performance.now();
        await session.run(feeds(zeros, dims));
        const ms = performance.now() - t0;
        if (i > 0) best = Math.min(best, ms);
        else if (ms >= 3 * fastMs) break; // even the warm-up shows a costly model
      }
    } catch {
      best = 0; // keep this session: the real runs will report what is wrong
    }
    if (best >= fastMs) {
      await session.release();
      session = await ort.InferenceSession.create(workerData.bytes, defaultOptions);
      threads = 0;
    }
  }
  parentPort.postMessage({ kind: 'ready', inputType, outputNames: session.outputNames, threads });
  // Runs and the close request go through one chain, so the session is released only between runs.
  // Closing lets the thread end on its own: terminate() while onnxruntime's binding is mid-call makes
  // it throw a C++ Napi::Error nothing catches, and std::terminate aborts the whole process.
  let chain = Promise.resolve();
  let closing = false;
  const runOne = async ({ id, data, dims }) => {
    if (closing) return parentPort.postMessage({ id, error: 'the session is closing' });
    try {
      const out = await session.run(feeds(new ort.Tensor(inputType, data, dims), dims));
      const outputs = [];
      for (const name of session.outputNames) {
        const t = out[name];
        if (t.type === 'int64' || t.type === 'int32') {
          // Integer outputs (DETR labels) travel as float32 marked integer.
          outputs.push({ name, type: 'integer', dims: t.dims, data: Float32Array.from(t.data, Number) });
          continue;
        }
        if (t.type !== 'float32' && t.type !== 'float16') {
          parentPort.postMessage({ id, badOutput: { name, type: t.type } });
          return;
        }
        outputs.push({ name, type: t.type, dims: t.dims, data: t.data.slice() });
      }
      // A float32 input goes back too, for the caller to letterbox the next image into (Float32Pool).
      const input = data instanceof Float32Array ? data : undefined;
      const transfer = [...outputs.map((o) => o.data.buffer), ...(input ? [input.buffer] : [])];
      parentPort.postMessage({ id, outputs, input }, transfer);
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.message) || error) });
    }
  };
  const close = async () => {
    try {
      await session.release();
    } finally {
      parentPort.close(); // even if release failed: the caller is waiting for this thread to end
    }
  };
  parentPort.on('message', (m) => {
    if (m.kind === 'close') closing = true;
    chain = chain.then(() => (m.kind === 'close' ? close() : runOne(m)));
  });
})();
`;

const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');

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
  const workerData = {
    ortPath,
    bytes,
    inputName: info.inputName,
    sizeInputs: info.sizeInputs,
    options: ortSessionOptions({ threads: opts.threads ?? 1 }),
    threads: opts.threads ?? 1,
    probe,
  };
  const worker = new Worker(WORKER_BODY, { eval: true, workerData });
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
  /** Ends the worker between runs (see WORKER_BODY); a worker that already stopped resolves at once. */
  const close = async () => {
    dead ??= new Error(`${source}: the onnxruntime session was released`);
    worker.postMessage({ kind: 'close' }); // a no-op once the thread is gone
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
        worker.postMessage({ id, data, dims: [...dims] }, [data.buffer as ArrayBuffer]);
      }),
    release: close,
  };
}
