import { beforeAll, describe, expect, it } from 'vitest';
import { demoModelPath } from '../eval/run-evaluation';
import type { AnalyseResult } from './analyse-model';
import { analyseOnDemoData, DEMO_AP_BUDGET } from './demo-analysis.fixture';

const BUDGET = DEMO_AP_BUDGET;
let result: AnalyseResult;

/**
 * The demo acceptance on the trained demo detector: int8 breaks it, the table says where, the proposal fixes
 * it.
 */
beforeAll(async () => {
  result = await analyseOnDemoData(demoModelPath(), 8);
}, 300_000);

describe('built-in simulation on the demo detector', () => {
  it('w8a8 AP falls far below float', () => {
    expect(result.ap!.float).toBeGreaterThan(0.3);
    expect(result.ap!.quant).toBeLessThan(result.ap!.float - 0.1);
  });

  it('the table points at the head: the score slice of the output Concat and the stride Mul', () => {
    const rows = result.layers.filter((r) => r.opType !== 'Input');
    const worstCos = [...rows].sort((a, b) => a.cosSingle! - b.cosSingle!)[0];
    expect(worstCos.tensor).toBe('output0[1:/detect/Sigmoid_output_0]');
    expect(worstCos.cosSingle).toBeLessThan(0.1);
    const worstEuc = [...rows].sort((a, b) => b.eucSingle! - a.eucSingle!)[0];
    expect(['/detect/Mul_2_output_0', 'output0', 'output0[0:/detect/Mul_2_output_0]']).toContain(worstEuc.tensor);
    expect(result.layers.find((r) => r.tensor === '/detect/Mul_2_output_0')!.onnxNode).toBe('/detect/Mul_2');
  });

  it('the proposal recovers AP within budget keeping at most 10% of tensors float', () => {
    const p = result.proposal!;
    expect(p.keepFloat).toContain('output0');
    expect(p.withinBudget).toBe(true);
    expect(result.ap!.float - result.ap!.hybrid).toBeLessThanOrEqual(BUDGET);
    expect(p.keepFloat.length).toBeLessThanOrEqual(Math.floor(0.1 * result.tensors.length));
    expect(p.formats.atcHighPrecisionLayer).toContain('/detect/Concat_9');
  });
});
