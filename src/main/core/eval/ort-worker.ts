// The onnxruntime worker thread that ort-worker-session.ts starts (this file is its entry: run as TypeScript by
// Node's type stripping under vitest and tsx, bundled to out/main/ort-worker.js by electron-vite). Only type imports
// from the project, so it runs without a bundler or loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-node';
import type { WorkerData, WorkerRequest } from './ort-worker-protocol';

// Float16Array is hidden from this worker before onnxruntime loads: where it exists, onnxruntime-common wraps
// float16 data in it, and the native binding then reads 0 bytes ("not enough space: expected N, got 0"); without
// it float16 tensors stay Uint16Array bits both ways.
Reflect.deleteProperty(globalThis, 'Float16Array');
const ort: typeof Ort = createRequire(import.meta.url)('onnxruntime-node');

const errorText = (error: unknown): string => String((error instanceof Error && error.message) || error);

async function main(port: NonNullable<typeof parentPort>, data: WorkerData): Promise<void> {
  let session: Ort.InferenceSession;
  let threads = data.threads;
  try {
    session = await ort.InferenceSession.create(data.bytes, data.options);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: errorText(error) });
    return;
  }
  const meta = session.inputMetadata.find((m) => m.name === data.inputName);
  const inputType = (meta && 'type' in meta && meta.type) || 'float32';
  // DETR-style second inputs (orig_target_sizes [1,2]) get the model input's own width and height, so boxes come
  // out in model-input pixels like every other head's.
  const feeds = (image: Ort.Tensor, dims: readonly number[]): Record<string, Ort.Tensor> => {
    const all: Record<string, Ort.Tensor> = { [data.inputName]: image };
    for (const name of data.sizeInputs)
      all[name] = new ort.Tensor('int64', BigInt64Array.from([BigInt(dims[3]), BigInt(dims[2])]), [1, 2]);
    return all;
  };
  if (data.probe) {
    // Threads left to us: the session starts on one intra-op thread and times the model (zeros; the first run
    // only warms up, as the first real run would). A model this cheap gains nothing from more threads (measured on
    // the demo model: same speed, 40 % more CPU), and they would take the core that decodes and letterboxes the
    // next images; a costlier one reopens with the default pool.
    const { dims, fastMs, defaultOptions } = data.probe;
    const n = dims.reduce((a, b) => a * b, 1);
    const zeros =
      inputType === 'float16'
        ? new ort.Tensor('float16', new Uint16Array(n), dims)
        : new ort.Tensor('float32', new Float32Array(n), dims);
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
      session = await ort.InferenceSession.create(data.bytes, defaultOptions);
      threads = 0;
    }
  }
  port.postMessage({ kind: 'ready', inputType, outputNames: session.outputNames, threads });
  // Runs and the close request go through one chain, so the session is released only between runs. Closing lets
  // the thread end on its own: terminate() while onnxruntime's binding is mid-call makes it throw a C++
  // Napi::Error nothing catches, and std::terminate aborts the whole process.
  let chain = Promise.resolve();
  let closing = false;
  const runOne = async ({ id, data: input, dims }: Extract<WorkerRequest, { kind: 'run' }>): Promise<void> => {
    if (closing) return port.postMessage({ id, error: 'the session is closing' });
    try {
      const tensor =
        input instanceof Uint16Array ? new ort.Tensor('float16', input, dims) : new ort.Tensor('float32', input, dims);
      const out = await session.run(feeds(tensor, dims));
      const outputs = [];
      for (const name of session.outputNames) {
        const t = out[name];
        if (t.type === 'int64' || t.type === 'int32') {
          const ints = t.data as BigInt64Array | Int32Array;
          outputs.push({ name, type: 'integer', dims: t.dims, data: Float32Array.from(ints, Number) });
          continue;
        }
        if (t.type !== 'float32' && t.type !== 'float16') {
          port.postMessage({ id, badOutput: { name, type: t.type } });
          return;
        }
        outputs.push({ name, type: t.type, dims: t.dims, data: (t.data as Float32Array | Uint16Array).slice() });
      }
      // A float32 input goes back too, for the caller to letterbox the next image into (Float32Pool).
      const back = input instanceof Float32Array ? input : undefined;
      const transfer: ArrayBuffer[] = [...outputs.map((o) => o.data.buffer), ...(back ? [back.buffer] : [])].filter(
        (b): b is ArrayBuffer => b instanceof ArrayBuffer,
      );
      port.postMessage({ id, outputs, input: back }, transfer);
    } catch (error) {
      port.postMessage({ id, error: errorText(error) });
    }
  };
  const close = async (): Promise<void> => {
    try {
      await session.release();
    } finally {
      port.close(); // even if release failed: the caller is waiting for this thread to end
    }
  };
  port.on('message', (m: WorkerRequest) => {
    if (m.kind === 'close') closing = true;
    chain = chain.then(() => (m.kind === 'close' ? close() : runOne(m)));
  });
}

if (!parentPort) throw new Error('ort-worker.ts runs as a worker thread (see ort-worker-session.ts)');
const init: WorkerData = workerData;
void main(parentPort, init);
