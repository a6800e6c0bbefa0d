import path from 'node:path';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { listImages } from '../data/image-decode';
import { loadOnnx } from '../onnx/onnx-model';
import { createApEvaluator } from '../pipeline/stages/analyse-ap';
import { imageInputSpec, letterboxFeeds } from '../runtime/image-feeds';
import { analyseModel, type AnalyseResult } from './analyse-model';

/** The AP budget the demo-data analysis specs hold the proposal to. */
export const DEMO_AP_BUDGET = 0.01;

/**
 * w8a8 analysis of a model on the synthetic demo dataset (16 calibration images, AP on 60 val images), the
 * settings the demo acceptance specs share.
 */
export async function analyseOnDemoData(modelPath: string, candidates: number): Promise<AnalyseResult> {
  const dir = tempDir('npu-wb-demo-analysis-');
  await writeDemoDataset(dir, { train: 16, val: 60 });
  return analyseOnData(modelPath, path.join(dir, 'data.yaml'), path.join(dir, 'images', 'train'), candidates);
}

/** w8a8 analysis (per-channel weights, min/max) calibrated on `calibDir`, per-layer errors on 2 of those images. */
export async function analyseOnData(
  modelPath: string,
  data: string,
  calibDir: string,
  candidates: number,
): Promise<AnalyseResult> {
  const model = loadOnnx(modelPath);
  const input = imageInputSpec(model);
  const calibFiles = await listImages(calibDir);
  const ap = await createApEvaluator({ data, preset: 'ultralytics', input });
  return analyseModel(
    model,
    letterboxFeeds(calibFiles, input, 'ultralytics'),
    letterboxFeeds(calibFiles.slice(0, 2), input, 'ultralytics'),
    ap.evaluate,
    { dtype: 'w8a8', algo: 'normal', weightMethod: 'channel', apBudget: DEMO_AP_BUDGET, candidates },
  );
}
