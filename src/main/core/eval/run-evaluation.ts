import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvalResult } from '../../../shared/contract';
import { ensureDemoDataset } from '../data/demo-dataset';
import { readCocoGroundTruth, readCocoResults } from '../metrics/coco-files';
import { detsFormatOf, readDetResultFolder } from '../metrics/detresult-files';
import type { CocoDetection, CocoGroundTruth } from '../metrics/coco-types';
import { loadDetectionDataset, toCocoGroundTruth } from '../data/load-dataset';
import { resourcesDir } from '../workspace/resources-dir';
import type { EvalParams, Preprocess } from '../../../shared/contract';
import { describePreprocess } from '../data/letterbox';
import { datasetFingerprint } from './dataset-fingerprint';
import { evaluateOnnxModel } from './evaluate-model';
import type { EvalScore } from './score-detections';
import { scoreDetections } from './score-detections';

/** The embedded demo model (tiny YOLOv8 trained on the synthetic demo dataset). */
export const demoModelPath = (): string => path.join(resourcesDir(), 'demo', 'demo-yolov8.onnx');

/** An evaluation's outcome, whichever way it was computed. */
export interface EvaluationReport extends EvalScore {
  images: number;
  seconds: number;
  msPerImage: number;
  detections: CocoDetection[];
  warnings: string[];
  /** How it was computed (head, preset, input size), for the log and the stored run. */
  setup: Record<string, string | number>;
  /** The images and ground truth scored (see datasetFingerprint). */
  datasetFingerprint: string;
  /** The scored ONNX model; null when a results file was scored. */
  modelPath: string | null;
  /** The pre-processing used; null when a results file was scored. */
  preprocess: Preprocess | null;
  /** Decoder thresholds; null when a results file was scored (its maker chose them). */
  thresholds: { conf: number; iou: number; maxDet: number } | null;
}

/** The contract's evaluation record of a report (stored with a run, printed by the CLI). */
export function evalResultOf(r: EvaluationReport): EvalResult {
  return {
    stats: r.stats,
    map: r.map,
    map50: r.map50,
    map75: r.map75,
    per_class: r.perClass.map((c) => ({ id: c.id, name: c.name, ap: c.ap, ap50: c.ap50 })),
    images: r.images,
    seconds: r.seconds,
    ms_per_image: r.msPerImage,
    /** The decoder and pre-processing used; null when a results file was scored. */
    head: typeof r.setup.head === 'string' ? r.setup.head : null,
    preset: typeof r.setup.preset === 'string' ? r.setup.preset : null,
    preprocess: r.preprocess,
    setup: r.setup,
    warnings: r.warnings,
  };
}

/**
 * The ground truth of a dataset (its first `limit` images), for scoring a results file against the
 * same images — and the same fingerprint — as a model evaluated on that dataset.
 */
async function datasetGroundTruth(params: EvalParams, resolve: (p: string) => string): Promise<CocoGroundTruth> {
  const dataset = params.data === 'demo' ? await ensureDemoDataset() : resolve(params.data!);
  const ds = await loadDetectionDataset(dataset, {
    strict: params.strict,
    imagesDir: params.images ? resolve(params.images) : undefined,
  });
  const ids = new Set(ds.images.slice(0, params.limit ?? ds.images.length).map((im) => im.id));
  return toCocoGroundTruth(ds, ids);
}

/**
 * Runs one evaluation from params: model + data through onnxruntime, or a results
 * file (dets) scored against gt or a dataset.
 * Relative paths resolve against `baseDir`; `demo` names the embedded demo model/dataset.
 */
export async function runEvaluation(
  params: EvalParams,
  ctx: { baseDir: string; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<EvaluationReport> {
  const resolve = (p: string) => path.resolve(ctx.baseDir, p);
  let report: EvaluationReport;
  if (params.dets) {
    const t0 = performance.now();
    const gt = params.gt ? await readCocoGroundTruth(resolve(params.gt)) : await datasetGroundTruth(params, resolve);
    const detsPath = resolve(params.dets);
    const format = params.detsFormat ?? (await detsFormatOf(detsPath));
    const { dets, warnings } =
      format === 'hisi-detresult'
        ? await readDetResultFolder(detsPath, gt)
        : { dets: await readCocoResults(detsPath), warnings: [] };
    const score = scoreDetections(gt, dets);
    const seconds = (performance.now() - t0) / 1000;
    const images = gt.images.length;
    report = {
      ...score,
      images,
      seconds,
      msPerImage: images ? (seconds * 1000) / images : 0,
      detections: dets,
      warnings,
      setup: {
        mode: 'score',
        dets_format: format,
        ...(params.gt
          ? { gt: resolve(params.gt) }
          : { dataset: params.data === 'demo' ? 'demo' : resolve(params.data!) }),
        dets: detsPath,
      },
      datasetFingerprint: datasetFingerprint(gt),
      modelPath: null,
      preprocess: null,
      thresholds: null,
    };
  } else {
    // The evaluation options keep their names from params to evaluateOnnxModel; only the sources are resolved.
    const {
      model: modelParam,
      data,
      images,
      gt: _g,
      dets: _d,
      detsFormat: _f,
      saveDets: _s,
      variant: _v,
      runtime: _r,
      ...options
    } = params;
    const model = modelParam === 'demo' ? demoModelPath() : resolve(modelParam!);
    const dataset = data === 'demo' ? await ensureDemoDataset() : resolve(data!);
    const r = await evaluateOnnxModel({
      ...options,
      model,
      dataset,
      imagesDir: images ? resolve(images) : undefined,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
    report = {
      ...r,
      modelPath: model,
      setup: {
        mode: 'model',
        model,
        dataset,
        head: r.head,
        preset: r.preset,
        preprocess: describePreprocess(r.preprocess),
        imgsz: `${r.imgsz.width}x${r.imgsz.height}`,
        conf: params.conf,
        iou: params.iou,
        max_det: params.maxDet,
        inference_seconds: r.inferenceSeconds,
      },
    };
  }
  if (params.saveDets) await writeFile(resolve(params.saveDets), JSON.stringify(report.detections));
  return report;
}
