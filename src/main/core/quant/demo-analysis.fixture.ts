import path from 'node:path';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { listImages } from '../data/image-decode';
import { loadOnnx } from '../onnx/onnx-model';
import { createApEvaluator } from '../pipeline/stages/analyse-ap';
import { imageInputSpec, letterboxFeeds } from '../runtime/image-feeds';
import { analyseModel, type AnalyseResult } from './analyse-model';

/** The AP budget both demo-data analysis specs hold the proposal to. */
export const DEMO_AP_BUDGET = 0.01;

/**
 * w8a8 analysis of a model on the synthetic demo dataset (16 calibration images, AP on 60 val images), the
 * settings the demo acceptance specs share.
 */
export async function analyseOnDemoData(modelPath: string, candidates: number): Promise<AnalyseResult> {
  const dir = tempDir('npu-wb-demo-analysis-');
  await writeDemoDataset(dir, { train: 16, val: 60 });
  const model = loadOnnx(modelPath);
  const input = imageInputSpec(model);
  const calibFiles = await listImages(path.join(dir, 'images', 'train'));
  const ap = await createApEvaluator({ data: path.join(dir, 'data.yaml'), preset: 'ultralytics', input });
  return analyseModel(
    model,
    letterboxFeeds(calibFiles, input, 'ultralytics'),
    letterboxFeeds(calibFiles.slice(0, 2), input, 'ultralytics'),
    ap.evaluate,
    { dtype: 'w8a8', algo: 'normal', weightMethod: 'channel', apBudget: DEMO_AP_BUDGET, candidates },
  );
}
