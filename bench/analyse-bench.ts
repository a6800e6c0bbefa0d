// Built-in quantization analysis of a YOLOv8n-size model (3.16 M parameters, Ultralytics >= 8.3 head, the trained
// demo detector's weights embedded, 640×640; test/fixtures/models/yolov8n_demo.py) with 32 calibration and 32
// evaluation mosaics, against one float pass over the same 64 images. Peak RSS is the process's (goal ≤ 3 GB).
// The proposal must recover AP to within the 0.01 budget: the case fails otherwise.
import path from 'node:path';
import { yolov8nDemo } from '../test/support/yolov8n-demo';
import { listImages } from '../src/main/core/data/image-decode';
import { encodeOnnx, loadOnnx } from '../src/main/core/onnx/onnx-model';
import { insertQdq } from '../src/main/core/onnx/qdq-insert';
import { createApEvaluator } from '../src/main/core/pipeline/stages/analyse-ap';
import { analyseModel, type AnalyseResult } from '../src/main/core/quant/analyse-model';
import { buildQdqPlan } from '../src/main/core/quant/precision-plan';
import { imageInputSpec, letterboxFeeds } from '../src/main/core/runtime/image-feeds';
import { createSession, runFloatOutputs } from '../src/main/core/runtime/ort-session';
import type { BenchCase } from './run-bench';

const AP_BUDGET = 0.01;

const time = async (body: () => Promise<unknown>) => {
  const t0 = performance.now();
  await body();
  return performance.now() - t0;
};

/** The search, one line per measured candidate, and a failure when the proposal misses the budget. */
function searchReport(r: AnalyseResult): string {
  const { ap, proposal } = r;
  if (!ap || !proposal) throw new Error('analyse-bench: no AP was measured');
  const s = proposal.search;
  const lines = [
    `AP float ${ap.float.toFixed(4)}, w8a8 ${ap.quant.toFixed(4)}, proposal ${ap.hybrid.toFixed(4)} ` +
      `(${proposal.keepFloat.length} of ${r.tensors.length} tensors raised, ${proposal.keepInt16?.length ?? 0} ` +
      `of them int16); ${s.stopReason}`,
    ...s.candidates.map((c) => `  round ${c.round} ${c.label}: AP ${c.ap.toFixed(4)}`),
    `  cut head (rknn9): ${s.cutHead ? `AP ${s.cutHead.ap?.toFixed(4)}: ${s.cutHead.advice}` : 'not measured'}`,
  ];
  if (!proposal.withinBudget || ap.float - ap.hybrid > AP_BUDGET)
    throw new Error(`analyse-bench: the proposal misses the ${AP_BUDGET} AP budget\n${lines.join('\n')}`);
  return lines.join('\n');
}

export default async function analyseBench(): Promise<BenchCase[]> {
  const demo = await yolov8nDemo({ calib: 32, val: 32 });
  const model = loadOnnx(demo.model);
  const input = imageInputSpec(model, demo.model);
  const calibFiles = await listImages(demo.calibDir);
  const evalFiles = await listImages(path.join(path.dirname(demo.data), 'images', 'val'));
  const all = letterboxFeeds([...calibFiles, ...evalFiles], input, 'ultralytics');

  const floatPass = await time(async () => {
    const session = await createSession(model);
    for (let i = 0; i < all.count; i++) await runFloatOutputs(session, await all.feeds(i));
    await session.release();
  });
  const ap = await createApEvaluator({ data: demo.data, preset: 'ultralytics', input });
  const calib = letterboxFeeds(calibFiles, input, 'ultralytics');
  const samples = letterboxFeeds(calibFiles.slice(0, 8), input, 'ultralytics');
  let result: AnalyseResult | undefined;
  // phase ends from the progress callback: calibration, then the per-layer analysis, then AP work
  const phaseEnd = new Map<string, number>();
  const t0 = performance.now();
  const full = await time(async () => {
    result = await analyseModel(model, calib, samples, ap.evaluate, {
      dtype: 'w8a8',
      algo: 'normal',
      weightMethod: 'channel',
      apBudget: AP_BUDGET,
      progress: (phase, done, total) => done === total && phaseEnd.set(phase, performance.now() - t0),
    });
  });
  const calibMs = phaseEnd.get('calibrate')!;
  const layersMs = phaseEnd.get('analyse')! - calibMs;
  const r = result!;
  const report = searchReport(r);
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
      notes: `peak RSS ${rssGb.toFixed(2)} GB (goal ≤ 3 GB)\n${report}`,
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
