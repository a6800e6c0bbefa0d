import { beforeAll, describe, expect, it } from 'vitest';
import { yolov8nDemo, type Yolov8nDemo } from '../../../../test/support/yolov8n-demo';
import { encodeOnnx, GraphIndex, loadOnnx, shapeOf } from '../onnx/onnx-model';
import { insertQdq } from '../onnx/qdq-insert';
import { suffixGraph } from '../onnx/suffix-graph';
import { createApEvaluator } from '../pipeline/stages/analyse-ap';
import { imageInputSpec, letterboxFeeds } from '../runtime/image-feeds';
import { listImages } from '../data/image-decode';
import type { AnalyseResult } from './analyse-model';
import { branchRoots } from './branch-roots';
import { measureCutHead, type PreparedCut, prepareCutHead } from './cut-head-proposal';
import { analyseOnData, DEMO_AP_BUDGET } from './demo-analysis.fixture';
import { buildQdqPlan } from './precision-plan';

const BUDGET = DEMO_AP_BUDGET;
let demo: Yolov8nDemo;
let result: AnalyseResult;

/**
 * YOLOv8n at 640 with the Ultralytics >= 8.3 head, carrying the trained demo detector's weights, scored on 640 mosaics
 * of demo images (test/fixtures/models/yolov8n_demo.py): real AP, and box pixels up to 640 next to 0–1 scores in the
 * output Concat. 4 calibration and 4 validation mosaics (about 220 objects) keep it CI-sized; `npm run bench analyse`
 * runs the same model on 32 + 32.
 */
beforeAll(async () => {
  demo = await yolov8nDemo({ calib: 4, val: 4 });
  result = await analyseOnData(demo.model, demo.data, demo.calibDir, 4);
}, 900_000);

describe('proposal search on a YOLOv8n-size detector with the Ultralytics >= 8.3 head', () => {
  it('has the >= 8.3 export graph at 640: DFL, dist2bbox, * strides and Sigmoid into one [1, 84, 8400] Concat', () => {
    const graph = loadOnnx(demo.model).graph;
    const index = new GraphIndex(graph);
    expect(shapeOf(graph.input[0]!)).toEqual([1, 3, 640, 640]);
    expect(shapeOf(graph.output[0]!)).toEqual([1, 84, 8400]);
    const output = index.producer.get('output0')!;
    const [box, cls] = output.input.map((t) => index.producer.get(t)!);
    expect([output.opType, box.opType, cls.opType]).toEqual(['Concat', 'Mul', 'Sigmoid']);
    expect(graph.node.filter((n) => n.opType === 'Softmax')).toHaveLength(1); // the DFL
    expect(graph.node.filter((n) => n.opType === 'Conv')).toHaveLength(64); // YOLOv8n's 63 + the DFL's
  });

  it('head statistics as on a real YOLOv8n: box pixels up to 640 and 0–1 scores share output0', () => {
    const index = new GraphIndex(loadOnnx(demo.model).graph);
    const [box, score] = index.producer.get('output0')!.input;
    const boxRange = result.ranges.get(box!)!;
    const scoreRange = result.ranges.get(score!)!;
    expect(boxRange.max).toBeGreaterThan(500);
    expect(scoreRange.min).toBeGreaterThanOrEqual(0);
    expect(scoreRange.max).toBeLessThanOrEqual(1);
    expect(scoreRange.max).toBeGreaterThan(0.8); // confident on the objects
    expect(result.ranges.get('output0')!.max).toBe(boxRange.max);
  });

  it('float AP is real and fp16 keeps it; int8 loses it to the shared scale', async () => {
    const model = loadOnnx(demo.model);
    const ap = await createApEvaluator({ data: demo.data, preset: 'ultralytics', input: imageInputSpec(model) });
    const fp16 = await ap.evaluate(
      encodeOnnx(insertQdq(model, buildQdqPlan(result.ranges, { dtype: 'fp16' }))),
      'fp16',
    );
    const { float, quant } = result.ap!;
    console.log(`YOLOv8n demo, 4 mosaics: AP float ${float.toFixed(4)} fp16 ${fp16.toFixed(4)} w8a8 ${quant}`);
    expect(float).toBeGreaterThan(0.3);
    expect(Math.abs(fp16 - float)).toBeLessThanOrEqual(0.002);
    expect(quant).toBeLessThan(float - 0.2);
  });

  it('keeping output0 float is not enough; the search recovers within budget with a region', () => {
    const { ap, proposal } = result;
    const search = proposal!.search;
    console.log(search.candidates.map((c) => `${c.label}: ${c.ap.toFixed(4)}`).join('\n'), `\n${search.stopReason}`);
    const alone = search.candidates.find((c) => c.round === 0 && c.label === 'output0')!;
    expect(alone.ap).toBeLessThan(ap!.float - BUDGET);
    expect(alone.ap).toBeGreaterThan(ap!.quant + 0.2);
    expect(proposal!.withinBudget).toBe(true);
    expect(search.stopReason).toMatch(/^within budget/);
    expect(ap!.float - ap!.hybrid).toBeLessThanOrEqual(BUDGET);
    expect(proposal!.keepFloat).toContain('output0');
    expect(proposal!.keepFloat.length).toBeLessThanOrEqual(Math.floor(0.1 * result.tensors.length));
    const chosen = search.steps.map((s) => s.label);
    expect(search.candidates.filter((c) => chosen.includes(c.label)).some((c) => c.kind !== 'tensor')).toBe(true);
    const cut = search.cutHead!;
    expect(cut.ap).toBeGreaterThan(ap!.quant + 0.2);
    expect(cut.withinBudget).toBe(ap!.float - cut.ap! <= BUDGET);
  });

  it('head candidates run from kept tensors (head-conv inputs, branch roots) with the whole-model AP', async () => {
    const model = loadOnnx(demo.model);
    const index = new GraphIndex(model.graph);
    const ap = await createApEvaluator({ data: demo.data, preset: 'ultralytics', input: imageInputSpec(model) });
    const { frontier } = prepareCutHead(model) as PreparedCut;
    // the branches start at the neck outputs P3, P4, P5: each read by a box and a class branch conv
    const roots = branchRoots(model, frontier);
    expect(roots).toHaveLength(3);
    for (const r of roots) expect(index.consumers.get(r)!.filter((c) => c.opType === 'Conv').length).toBeGreaterThan(1);
    const dims = new Map(result.tensors.map((t) => [t.tensor, t.dims]));
    const plan = (keepFloat: string[]) => insertQdq(model, buildQdqPlan(result.ranges, { dtype: 'w8a8', keepFloat }));
    await ap.evaluate(encodeOnnx(plan([])), 'quant', [], { capture: [...frontier, ...roots] });
    for (const from of [frontier, roots]) {
      // a kept tensor and a conv output after it in the suffix, kept float
      const whole = suffixGraph(model, from, (t) => dims.get(t))!;
      const next = index.consumers.get(from[0]!)!.find((c) => whole.produced.has(c.output[0]!))!.output[0]!;
      const candidate = plan([from[0]!, next]);
      const suffix = suffixGraph(candidate, from, (t) => dims.get(t))!;
      const fromKept = await ap.evaluate(encodeOnnx(candidate), 'head', [], { suffix: encodeOnnx(suffix.model) });
      expect(suffix.model.graph.node.length).toBeLessThan(candidate.graph.node.length / 2);
      expect(fromKept).toBe(await ap.evaluate(encodeOnnx(candidate), 'whole'));
    }
  });

  it('the cut head measured from the kept frontier has the AP of the whole cut model', async () => {
    const model = loadOnnx(demo.model);
    const input = imageInputSpec(model);
    const ap = await createApEvaluator({ data: demo.data, preset: 'ultralytics', input });
    const calib = letterboxFeeds(await listImages(demo.calibDir), input, 'ultralytics');
    // no frontier and no grafted ranges: the cut model calibrated and run whole
    const whole = await measureCutHead(prepareCutHead(model), result.ranges, calib, ap.evaluate, {
      plan: { dtype: 'w8a8', weightMethod: 'channel' },
      algo: 'normal',
      type: 'int8',
      apFloat: result.ap!.float,
      apBudget: BUDGET,
    });
    console.log(`cut head AP: whole model ${whole.ap}, from the kept frontier ${result.proposal!.search.cutHead!.ap}`);
    expect(result.proposal!.search.cutHead!.ap).toBe(whole.ap);
  });
});
