import type * as Ort from 'onnxruntime-node';

/** What ort-worker-session.ts hands the worker thread (ort-worker.ts) at start. */
export interface WorkerData {
  bytes: Uint8Array;
  inputName: string;
  /** DETR-style [1,2] inputs fed with the model input's width and height. */
  sizeInputs: string[];
  options: Ort.InferenceSession.SessionOptions;
  threads: number;
  /** Without a thread count: time the model at `dims` and keep one thread when it is under `fastMs`. */
  probe?: { dims: number[]; fastMs: number; defaultOptions: Ort.InferenceSession.SessionOptions };
}

/** Messages to the worker: one inference, or release the session and end the thread (between runs). */
export type WorkerRequest =
  { kind: 'run'; id: number; data: Float32Array | Uint16Array; dims: number[] } | { kind: 'close' };
