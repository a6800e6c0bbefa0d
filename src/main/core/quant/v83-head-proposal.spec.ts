import { beforeAll, describe, expect, it } from 'vitest';
import { layoutZoo } from '../../../../test/support/layout-zoo';
import { GraphIndex, loadOnnx } from '../onnx/onnx-model';
import type { AnalyseResult } from './analyse-model';
import { analyseOnDemoData, DEMO_AP_BUDGET } from './demo-analysis.fixture';

const BUDGET = DEMO_AP_BUDGET;
let result: AnalyseResult;
let modelPath: string;

/**
 * The trained demo detector exported with the Ultralytics >= 8.3 head (the layout zoo's ultralytics-8.3: per-scale
 * box and class convs reshaped to [1,C,H·W] and concatenated over scales, DFL and dist2bbox on the concatenated
 * tensors, output0 = Concat(dbox·strides, Sigmoid(cls))): box coordinates up to 160 next to 0–1 scores in one Concat.
 */
beforeAll(async () => {
  const zoo = layoutZoo();
  modelPath = zoo.path(zoo.models.find((m) => m.name === 'ultralytics-8.3')!);
  result = await analyseOnDemoData(modelPath, 6);
}, 400_000);

describe('proposal search on the Ultralytics >= 8.3 head', () => {
  it('the model has the split head: box and class reshapes concatenated over scales', () => {
    const index = new GraphIndex(loadOnnx(modelPath).graph);
    const output = index.producer.get('output0')!;
    expect(output.opType).toBe('Concat');
    const [box, cls] = output.input.map((t) => index.producer.get(t)!);
    expect([box.opType, cls.opType]).toEqual(['Mul', 'Sigmoid']);
    const scoreConcat = index.producer.get(cls.input[0])!;
    expect(scoreConcat.opType).toBe('Concat');
    expect(scoreConcat.input.map((t) => index.producer.get(t)!.opType)).toEqual(['Reshape', 'Reshape', 'Reshape']);
  });

  it('int8 loses the scores; the search recovers AP within budget and says how', () => {
    const { ap, proposal } = result;
    expect(ap!.float).toBeGreaterThan(0.3);
    expect(ap!.quant).toBeLessThan(ap!.float - 0.1);
    expect(proposal!.withinBudget).toBe(true);
    expect(ap!.float - ap!.hybrid).toBeLessThanOrEqual(BUDGET);
    expect(proposal!.keepFloat).toContain('output0');
    expect(proposal!.keepFloat.length).toBeLessThanOrEqual(Math.floor(0.1 * result.tensors.length));
    const search = proposal!.search;
    expect(search.stopReason).toMatch(/^within budget/);
    // regions found by structure: the DFL and the head Concats with their producers, measured like tensors
    const kinds = new Set(search.candidates.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['tensor', 'decode', 'dfl', 'concat']));
    const outputGroup = search.candidates.find((c) => c.kind === 'concat' && c.tensors.includes('output0'))!;
    expect(outputGroup.tensors).toHaveLength(3);
    for (const c of search.candidates) expect(c.ap).toBeGreaterThanOrEqual(0);
    expect(search.steps.at(-1)!.ap).toBeGreaterThanOrEqual(ap!.float - BUDGET);
    expect(result.hybridModel).not.toBeNull();
    // the head cut before decoding, quantised and measured as one of the proposals
    const cut = search.cutHead!;
    expect(cut.preset).toBe('rknn9');
    expect(cut.ap).toBeGreaterThan(ap!.quant + 0.1);
    expect(cut.withinBudget).toBe(ap!.float - cut.ap! <= BUDGET);
    expect(cut.advice).toContain('surgery --preset rknn9');
  });
});
