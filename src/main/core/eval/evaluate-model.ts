import type { DetectionDataset, DatasetImage } from '../data/dataset-types';
import { Float32Pool } from '../data/float32-pool';
import type { Preprocess, PreprocessOverrides } from '../../../shared/contract/eval-contract';
import {
  letterbox,
  type LetterboxGeometry,
  type LetterboxPreset,
  type LetterboxResult,
  resolvePreprocess,
} from '../data/letterbox';
import { loadDetectionDataset, toCocoGroundTruth } from '../data/load-dataset';
import type { HeadKind, RawTensor } from '../detect/detection-types';
import { DEFAULT_POSTPROCESS, postprocess, type PostprocessOptions, toCocoResults } from '../detect/postprocess';
import { UserError } from '../errors/user-error';
import type { CocoDetection } from '../metrics/coco-types';
import { datasetFingerprint } from './dataset-fingerprint';
import { readModelBytes, readModelInfo } from './model-session';
import { openWorkerSession } from './ort-worker-session';
import { type EvalScore, scoreDetections } from './score-detections';

export interface EvaluateCommonOptions {
  /** Dataset path (folder, data.yaml, COCO json) or an already loaded dataset. */
  dataset: string | DetectionDataset;
  /** Images folder for a COCO json whose images are not beside it. */
  imagesDir?: string;
  preset?: LetterboxPreset;
  /** Options overriding the preset's (mean/std, channel order, pad value and placement, resize). */
  preprocess?: PreprocessOverrides;
  conf?: number;
  iou?: number;
  maxDet?: number;
  head?: HeadKind | 'auto';
  multiLabel?: boolean;
  clsSigmoid?: boolean | 'auto';
  /** Evaluate only the first N images. */
  limit?: number;
  /** Stop on the first bad image/label (default) or skip it with a warning. */
  strict?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluationResult extends EvalScore {
  images: number;
  seconds: number;
  msPerImage: number;
  /** Wall time from handing each input to the runtime until its outputs arrived. */
  inferenceSeconds: number;
  head: HeadKind;
  preset: LetterboxPreset;
  /** The pre-processing used: the preset's options with the overrides applied. */
  preprocess: Preprocess;
  imgsz: { width: number; height: number };
  classNames: string[];
  detections: CocoDetection[];
  warnings: string[];
  /** The images and ground truth scored (see datasetFingerprint). */
  datasetFingerprint: string;
  /** Decoder thresholds the detections were made with. */
  thresholds: { conf: number; iou: number; maxDet: number };
}

/** Runs one letterboxed NCHW input through some runtime and returns its outputs. */
export type ModelRunner = (
  input: Float32Array,
  dims: [number, number, number, number],
  image: DatasetImage,
) => Promise<RawTensor[]>;

async function resolveDataset(opts: EvaluateCommonOptions, classNames?: string[]): Promise<DetectionDataset> {
  if (typeof opts.dataset !== 'string') return opts.dataset;
  return loadDetectionDataset(opts.dataset, { strict: opts.strict ?? true, imagesDir: opts.imagesDir, classNames });
}

type Settled = { ok: true; value: LetterboxResult } | { ok: false; error: Error };

/**
 * The evaluation loop for any runtime: letterbox (sharp, off the main thread, a few images ahead),
 * run, decode + NMS + map back, then COCOeval against the dataset's ground truth. Vendor runtimes
 * (rknn simulator, a board, TensorRT dumps) plug in through `run`.
 */
export async function evaluateWithRunner(
  opts: EvaluateCommonOptions & {
    run: ModelRunner;
    imgsz: { width: number; height: number };
    classNames?: string[];
    /** The decoder the model's metadata implies; picks among decoders that fit the output shapes. */
    headHint?: HeadKind;
    /** NMS-free model (Ultralytics end2end metadata): per-level outputs get the TopK tail instead of NMS. */
    endToEnd?: boolean;
    /**
     * Runs handed to `run` before the oldest has resolved (default 1: each run starts after the
     * previous one finished). A runner that queues (the onnxruntime worker) takes 2, so its next
     * input is already waiting when a run ends.
     */
    maxInFlight?: number;
    /** Recycled input buffers, refilled by the runner (the onnxruntime worker hands inputs back). */
    inputPool?: Float32Pool;
    /** Letterboxed inputs by image path, kept across calls that score the same images (the analysis' AP runs). */
    letterboxCache?: Map<string, LetterboxResult>;
  },
): Promise<EvaluationResult> {
  const started = performance.now();
  const preset = opts.preset ?? 'ultralytics';
  const post: PostprocessOptions = {
    ...DEFAULT_POSTPROCESS,
    ...(opts.conf !== undefined && { conf: opts.conf }),
    ...(opts.iou !== undefined && { iou: opts.iou }),
    ...(opts.maxDet !== undefined && { maxDet: opts.maxDet }),
    ...(opts.head !== undefined && { head: opts.head }),
    ...(opts.multiLabel !== undefined && { multiLabel: opts.multiLabel }),
    ...(opts.clsSigmoid !== undefined && { clsSigmoid: opts.clsSigmoid }),
    headHint: opts.headHint,
    endToEnd: opts.endToEnd,
  };
  const ds = await resolveDataset(opts, opts.classNames);
  if (ds.kind === 'images')
    throw new UserError(
      `${ds.source}: the dataset has no labels, so AP cannot be computed`,
      'Point the dataset at images with sibling labels/, a data.yaml or a COCO json.',
      'invalid_input',
      'data',
    );
  const images = ds.images.slice(0, opts.limit ?? ds.images.length);
  if (images.length === 0)
    throw new UserError(`${ds.source}: no images to evaluate`, 'Check the dataset split.', 'invalid_input');
  const warnings = [...ds.warnings];
  const { width, height } = opts.imgsz;
  const strict = opts.strict ?? true;
  const cache = opts.letterboxCache;
  const prepare = (im: DatasetImage): Promise<Settled> => {
    const cached = cache?.get(im.path);
    if (cached) return Promise.resolve({ ok: true as const, value: cached });
    return letterbox(im.path, { imgsz: opts.imgsz, preset, preprocess: opts.preprocess, pool: opts.inputPool }).then(
      (value) => {
        cache?.set(im.path, value);
        return { ok: true as const, value };
      },
      (error: Error) => ({ ok: false as const, error }),
    );
  };
  const ahead = 8;
  const queue: Promise<Settled>[] = images.slice(0, ahead).map(prepare);
  const detections: CocoDetection[] = [];
  const evaluated = new Set<number>();
  let head: HeadKind | undefined;
  let inferenceMs = 0;
  const finish = (done: { index: number; outputs: RawTensor[]; geometry: LetterboxGeometry }) => {
    const result = postprocess(done.outputs, done.geometry, post);
    head = result.head;
    const image = images[done.index];
    detections.push(...toCocoResults(result.detections, image.id, ds.categoryIds));
    evaluated.add(image.id);
    opts.onProgress?.(done.index + 1, images.length);
  };
  type Submitted = { index: number; geometry: LetterboxGeometry; running: Promise<RawTensor[]> };
  const inFlight: Submitted[] = [];
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
  let runtimeFreeAt = 0;
  const collect = async (): Promise<Parameters<typeof finish>[0]> => {
    const { index, geometry, running } = inFlight.shift()!;
    return { index, geometry, outputs: await running };
  };
  for (let i = 0; i < images.length; i++) {
    opts.signal?.throwIfAborted();
    const prepared = await queue[i];
    if (i + ahead < images.length) queue.push(prepare(images[i + ahead]));
    delete queue[i];
    if (!prepared.ok) {
      if (strict || !(prepared.error instanceof UserError)) throw prepared.error;
      warnings.push(prepared.error.message);
      continue;
    }
    const done = inFlight.length >= maxInFlight ? await collect() : undefined;
    const t0 = performance.now();
    const running = opts.run(prepared.value.data, [1, 3, height, width], images[i]).then((outputs) => {
      // Runs complete in order: a queued run's time starts when the previous one finished.
      const now = performance.now();
      inferenceMs += now - Math.max(t0, runtimeFreeAt);
      runtimeFreeAt = now;
      return outputs;
    });
    running.catch(() => undefined); // awaited by collect(); never unhandled if finish() throws first
    inFlight.push({ index: i, geometry: prepared.value.geometry, running });
    // The previous image's NMS runs while this one is in the runtime (a worker or a device).
    if (done) finish(done);
  }
  while (inFlight.length) finish(await collect());
  const gt = toCocoGroundTruth(ds, evaluated);
  const score = scoreDetections(gt, detections);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...score,
    images: evaluated.size,
    seconds,
    msPerImage: evaluated.size ? (seconds * 1000) / evaluated.size : 0,
    inferenceSeconds: inferenceMs / 1000,
    head: head ?? (post.head === 'auto' ? 'yolov8' : post.head),
    preset,
    preprocess: resolvePreprocess(preset, opts.preprocess),
    imgsz: opts.imgsz,
    classNames: ds.classNames,
    detections,
    warnings,
    datasetFingerprint: datasetFingerprint(gt),
    thresholds: { conf: post.conf, iou: post.iou, maxDet: post.maxDet },
  };
}

export interface EvaluateOnnxOptions extends EvaluateCommonOptions {
  /** ONNX model path or bytes. */
  model: string | Uint8Array;
  /** Input size; defaults to the model's static input size, else 640. */
  imgsz?: number | { width: number; height: number };
  /**
   * onnxruntime intra-op threads (default: 1 when an inference on one thread takes under SINGLE_THREAD_BELOW_MS, else
   * onnxruntime's choice).
   */
  threads?: number;
}

/**
 * Evaluates an ONNX detector with onnxruntime-node on a dataset: COCO AP identical to pycocotools,
 * Ultralytics val defaults (conf 0.001, IoU 0.7, 300 detections, multi-label).
 */
export async function evaluateOnnxModel(opts: EvaluateOnnxOptions): Promise<EvaluationResult> {
  const { bytes, source } = readModelBytes(opts.model);
  const info = readModelInfo(bytes, source);
  const wanted = typeof opts.imgsz === 'number' ? { width: opts.imgsz, height: opts.imgsz } : opts.imgsz;
  const imgsz = wanted ??
    (info.inputWidth && info.inputHeight ? { width: info.inputWidth, height: info.inputHeight } : undefined) ??
    info.metadataImgsz ?? { width: 640, height: 640 };
  if ((info.inputWidth && info.inputWidth !== imgsz.width) || (info.inputHeight && info.inputHeight !== imgsz.height)) {
    throw new UserError(
      `${source} has a fixed ${info.inputWidth}×${info.inputHeight} input; ` +
        `an input size of ${imgsz.width}×${imgsz.height} does not fit`,
      "Leave the input size unset (it defaults to the model's) or re-export the model at that size.",
      'invalid_input',
      'imgsz',
    );
  }
  // The session opens in its worker while the dataset loads and the first images are letterboxed.
  const inputPool = new Float32Pool();
  const opening = openWorkerSession(
    { bytes, source, info },
    { threads: opts.threads, inputDims: [1, 3, imgsz.height, imgsz.width], inputPool },
  );
  opening.catch(() => undefined); // awaited by the first run (or below)
  try {
    const run: ModelRunner = async (input, dims) => (await opening).run(input, dims);
    return await evaluateWithRunner({
      ...opts,
      run,
      imgsz,
      classNames: info.classNames,
      headHint: info.headHint,
      endToEnd: info.endToEnd,
      maxInFlight: 2,
      inputPool,
    });
  } finally {
    await opening.then(
      (session) => session.release(),
      () => undefined,
    );
  }
}
