// Evaluation benchmarks:
// 1. COCOeval on a generated 5,000-image × 100-detection set (crowd boxes, `area` ≠ box area): ours vs
//    a literal line-by-line port of pycocotools (bench/coco-eval-literal.ts) measured in the same run,
//    with all 12 stats checked identical. pycocotools itself is not installable here (no PyPI); ~37 s is
//    its reference time for this set on these machines, so the absolute time is printed too.
// 2. `eval --model` wall time vs pure onnxruntime inference over the same (pre-letterboxed) images,
//    for the tiny demo model (~1.5 ms/image, where decoding and fixed costs such as COCOeval and
//    session creation weigh most) and for the same architecture at 640 px (a YOLOv8n-scale cost).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import * as ort from 'onnxruntime-node';
import { ensureDemoDataset, seededRandom } from '../src/main/core/data/demo-dataset';
import { letterbox } from '../src/main/core/data/letterbox';
import { loadDetectionDataset } from '../src/main/core/data/load-dataset';
import { evaluateOnnxModel } from '../src/main/core/eval/evaluate-model';
import { openModelSession } from '../src/main/core/eval/model-session';
import { demoModelPath } from '../src/main/core/eval/run-evaluation';
import { resourcesDir } from '../src/main/core/workspace/resources-dir';
import { cocoEvaluate } from '../src/main/core/metrics/coco-eval';
import type { CocoDetection, CocoGroundTruth } from '../src/main/core/metrics/coco-types';
import { cocoEvalLiteral } from './coco-eval-literal';
import type { BenchCase } from './run-bench';

/** 5,000 images, 80 categories, ~7 objects each (5% crowd, area = 40–100% of the box), 100 detections per image. */
export function makeCocoBenchSet(images = 5000, detsPerImage = 100): { gt: CocoGroundTruth; dets: CocoDetection[] } {
  const rnd = seededRandom(20261122);
  const K = 80;
  const gt: CocoGroundTruth = {
    images: [],
    annotations: [],
    categories: Array.from({ length: K }, (_, k) => ({ id: k + 1, name: `c${k + 1}` })),
  };
  const dets: CocoDetection[] = [];
  let annId = 1;
  for (let img = 1; img <= images; img++) {
    gt.images.push({ id: img, width: 640, height: 480 });
    const objs: { cat: number; box: number[] }[] = [];
    for (let n = 1 + Math.floor(rnd() * 12); n > 0; n--) {
      const w = 4 + rnd() ** 2 * 300;
      const h = 4 + rnd() ** 2 * 300;
      const box = [rnd() * (640 - w), rnd() * (480 - h), w, h];
      const cat = 1 + Math.floor(rnd() * 12) * 6 + Math.floor(rnd() * 6);
      objs.push({ cat, box });
      gt.annotations.push({
        id: annId++,
        image_id: img,
        category_id: cat,
        bbox: box,
        area: w * h * (0.4 + 0.6 * rnd()),
        iscrowd: rnd() < 0.05 ? 1 : 0,
      });
    }
    for (let d = 0; d < detsPerImage; d++) {
      const near = objs[Math.floor(rnd() * objs.length)];
      const j = () => (rnd() - 0.5) * 0.3;
      const box =
        rnd() < 0.6
          ? [
              near.box[0] + j() * near.box[2],
              near.box[1] + j() * near.box[3],
              near.box[2] * (1 + j()),
              near.box[3] * (1 + j()),
            ]
          : [rnd() * 600, rnd() * 440, 4 + rnd() * 200, 4 + rnd() * 200];
      dets.push({
        image_id: img,
        category_id: rnd() < 0.8 ? near.cat : 1 + Math.floor(rnd() * K),
        bbox: box,
        score: Math.round(rnd() * 1000) / 1000,
      });
    }
  }
  return { gt, dets };
}

const time = async <T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
};

async function cocoEvalCase(): Promise<BenchCase> {
  const { gt, dets } = makeCocoBenchSet();
  const ours = await time(() => cocoEvaluate(gt, dets).stats);
  const literal = await time(() => cocoEvalLiteral(gt, dets));
  const maxDiff = Math.max(...ours.value.map((s, i) => Math.abs(s - literal.value[i])));
  return {
    name: 'COCOeval 5000 images x 100 dets',
    baseline: { label: 'literal pycocotools port', ms: literal.ms },
    ms: ours.ms,
    notes: `max |Δstat| vs port ${maxDiff.toExponential(1)}; pycocotools ~37000 ms (reference) → ${(37000 / ours.ms).toFixed(1)}x faster`,
  };
}

/**
 * Pure onnxruntime over pre-letterboxed inputs vs the whole `eval --model` path from the dataset
 * folder (load + labels, session creation, decode, letterbox, inference, NMS, COCOeval). The baseline
 * is the faster of two main-thread sessions with the evaluation's options, onnxruntime's default
 * intra-op threads and one thread (evaluation picks one of the two per model). Other engineers share
 * the machine, so baseline and evaluation alternate for a few rounds; the ratio is of the fastest of
 * each, and the per-round ratios are printed too.
 */
export async function evalVsOrtCase(model: string, label: string, rounds = 4): Promise<BenchCase> {
  const dataset = await ensureDemoDataset();
  const ds = await loadDetectionDataset(dataset);
  const sessions = [await openModelSession(model), await openModelSession(model, 1)];
  const { info } = sessions[0];
  const size = { width: info.inputWidth!, height: info.inputHeight! };
  const inputs = await Promise.all(ds.images.map((im) => letterbox(im.path, { imgsz: size, preset: 'ultralytics' })));
  const dims = [1, 3, size.height, size.width];
  const pureRun = async ({ session }: { session: ort.InferenceSession }) => {
    for (const x of inputs) await session.run({ [info.inputName]: new ort.Tensor('float32', x.data, dims) });
  };
  for (const { session } of sessions)
    await session.run({ [info.inputName]: new ort.Tensor('float32', inputs[0].data, dims) }); // warm-up
  const pure: number[] = [];
  const full: number[] = [];
  let map50 = 0;
  for (let r = 0; r < rounds; r++) {
    pure.push(Math.min((await time(() => pureRun(sessions[0]))).ms, (await time(() => pureRun(sessions[1]))).ms));
    const f = await time(() => evaluateOnnxModel({ model, dataset }));
    full.push(f.ms);
    map50 = f.value.map50;
  }
  for (const { session } of sessions) await session.release();
  const ratios = full.map((f, r) => (f / pure[r]).toFixed(2)).join(', ');
  return {
    name: `eval --model ${label} (${ds.images.length} images at ${size.width}, load+decode+letterbox+NMS+COCOeval)`,
    baseline: { label: 'pure onnxruntime inference (best thread setting)', ms: Math.min(...pure) },
    ms: Math.min(...full),
    notes: `${(Math.min(...pure) / ds.images.length).toFixed(1)} ms/image inference; per-round ratios ${ratios}; mAP50 ${map50.toFixed(4)}; target ratio <= 1.2`,
  };
}

/**
 * A YOLOv8n-scale workload: the demo architecture exported at 640 (seeded weights) by resources/demo/export_layouts.py.
 */
async function model640(): Promise<string | null> {
  const dir = path.join(os.tmpdir(), 'npu-wb-bench-640');
  const file = path.join(dir, 'single.onnx');
  if (existsSync(file)) return file;
  try {
    await execa(
      '/usr/bin/python3',
      [path.join(resourcesDir(), 'demo', 'export_layouts.py'), '--out-dir', dir, '--imgsz', '640'],
      { timeout: 300_000 },
    );
    return file;
  } catch {
    return null; // no torch here: the case is skipped
  }
}

export default async function (): Promise<BenchCase[]> {
  const cases = [await cocoEvalCase(), await evalVsOrtCase(demoModelPath(), 'demo (tiny, 160 px)')];
  const big = await model640();
  if (big) cases.push(await evalVsOrtCase(big, '640-px model'));
  return cases;
}
