// Built-in quantization analysis of a YOLOv8n-size model (3.16 M parameters, Ultralytics layout,
// seeded weights, 640×640) with 32 calibration and 32 evaluation images, against one float pass
// over the same 64 images. Peak RSS is the process's (goal ≤ 3 GB).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoDataset } from '../src/main/core/data/demo-dataset';
import { listImages } from '../src/main/core/data/image-decode';
import { encodeOnnx, loadOnnx } from '../src/main/core/onnx/onnx-model';
import { insertQdq } from '../src/main/core/onnx/qdq-insert';
import { createApEvaluator } from '../src/main/core/pipeline/stages/analyse-ap';
import { analyseModel } from '../src/main/core/quant/analyse-model';
import { buildQdqPlan } from '../src/main/core/quant/precision-plan';
import { imageInputSpec, letterboxFeeds } from '../src/main/core/runtime/image-feeds';
import { createSession, runFloatOutputs } from '../src/main/core/runtime/ort-session';
import type { BenchCase } from './run-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(os.tmpdir(), 'npu-workbench-bench', 'analyse');

function ensureModel(): string {
  const file = path.join(cache, 'yolov8n-like.onnx');
  if (!existsSync(file)) {
    mkdirSync(cache, { recursive: true });
    execFileSync('/usr/bin/python3', [path.join(here, 'yolov8n_like.py'), file], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return file;
}

async function ensureImages(): Promise<string> {
  const dir = path.join(cache, 'data-32-32');
  if (!existsSync(path.join(dir, 'data.yaml'))) await writeDemoDataset(dir, { train: 32, val: 32 });
  return dir;
}

const time = async (body: () => Promise<unknown>) => {
  const t0 = performance.now();
  await body();
  return performance.now() - t0;
};

export default async function analyseBench(): Promise<BenchCase[]> {
  const modelPath = ensureModel();
  const data = await ensureImages();
  const model = loadOnnx(modelPath);
  const input = imageInputSpec(model, modelPath);
  const calibFiles = await listImages(path.join(data, 'images', 'train'));
  const evalFiles = await listImages(path.join(data, 'images', 'val'));
  const all = letterboxFeeds([...calibFiles, ...evalFiles], input, 'ultralytics');

  const floatPass = await time(async () => {
    const session = await createSession(model);
    for (let i = 0; i < all.count; i++) await runFloatOutputs(session, await all.feeds(i));
    await session.release();
  });
  const ap = await createApEvaluator({ data: path.join(data, 'data.yaml'), preset: 'ultralytics', input });
  const calib = letterboxFeeds(calibFiles, input, 'ultralytics');
  const samples = letterboxFeeds(calibFiles.slice(0, 8), input, 'ultralytics');
  let result: Awaited<ReturnType<typeof analyseModel>> | undefined;
  // phase ends from the progress callback: calibration, then the per-layer analysis, then AP work
  const phaseEnd = new Map<string, number>();
  const t0 = performance.now();
  const full = await time(async () => {
    result = await analyseModel(model, calib, samples, ap.evaluate, {
      dtype: 'w8a8',
      algo: 'normal',
      weightMethod: 'channel',
      progress: (phase, done, total) => done === total && phaseEnd.set(phase, performance.now() - t0),
    });
  });
  const calibMs = phaseEnd.get('calibrate')!;
  const layersMs = phaseEnd.get('analyse')! - calibMs;
  const r = result!;
  const hybrid = await time(() =>
    ap.evaluate(
      encodeOnnx(insertQdq(model, buildQdqPlan(r.ranges, { dtype: 'w8a8', keepFloat: [r.tensors.at(-1)!.tensor] }))),
      'hybrid',
    ),
  );
  const rssGb = (process.resourceUsage().maxRSS * 1024) / 1e9;
  const baseline = { label: 'one float pass over the 64 images', ms: floatPass };
  return [
    {
      name: `analyse w8a8 (calibrate 32, per-layer entire+single on 8, AP float+quant on 32; ${r.tensors.length} tensors, ${r.proposal?.evaluations ?? 0} proposal evaluations)`,
      baseline,
      ms: full,
      notes: `peak RSS ${rssGb.toFixed(2)} GB (goal ≤ 3 GB)`,
    },
    { name: `  of which calibration (32 images, ${r.tensors.length} tensors streamed)`, baseline, ms: calibMs },
    { name: '  of which per-layer entire+single (8 images)', baseline, ms: layersMs },
    {
      name: `  of which AP float/quant + ${r.proposal?.evaluations ?? 0} sensitivity/proposal evaluations`,
      baseline,
      ms: full - calibMs - layersMs,
    },
    { name: 'one hybrid re-evaluation (QDQ build + AP on 32 images)', baseline, ms: hybrid },
  ];
}
