import { describe, expect, it } from 'vitest';
import { COMPARE_ROW_KEYS } from '../../../../test/support/compare-schema';
import { CompareResultSchema, type EvaluationRecord } from '../../../shared/contract';
import { apHeadline } from '../../../shared/evaluation/ap-headline';
import { buildApTable } from './ap-table';
import { compareEvaluations } from './compare-evaluations';

let nextId = 1;
function rec(
  p: Partial<EvaluationRecord> & Pick<EvaluationRecord, 'runId' | 'variant' | 'runtime' | 'map'>,
): EvaluationRecord {
  const stats = [p.map, p.map + 0.2, ...Array<number>(10).fill(-1)];
  return {
    id: nextId++,
    stageIndex: 0,
    stageKind: 'analyse',
    modelPath: null,
    modelSha256: null,
    variantDetail: {},
    role: 'measured',
    label: p.variant,
    runtimeDetail: {},
    dataset: 'D',
    datasetName: null,
    preprocess: {},
    conf: 0.001,
    iou: 0.7,
    maxDet: 300,
    stats,
    map50: stats[1],
    perClass: [],
    images: 200,
    latencyMs: null,
    latencyWhere: null,
    source: 'measured',
    createdAt: '2026-01-01T00:00:00Z',
    ...p,
  };
}

/** The demo analysis: float 0.446 on the host, int8 collapsed, the proposal recovers. */
const exampleRun = (runId: number) => [
  rec({ runId, variant: 'fp32', runtime: 'host-ort', map: 0.4462, latencyMs: 3.1, latencyWhere: 'host' }),
  rec({ runId, variant: 'fp16', runtime: 'builtin-sim', map: 0.4464 }),
  rec({ runId, variant: 'w8a16', runtime: 'builtin-sim', map: 0.4435 }),
  rec({ runId, variant: 'w8a8', runtime: 'builtin-sim', map: 0 }),
  rec({ runId, variant: 'hybrid', runtime: 'builtin-sim', map: 0.4364, role: 'proposal', label: 'w8a8 + proposal' }),
];

describe('compareEvaluations (runs compare)', () => {
  it('gives every row its delta against the fp32 reference, in exactly the issue’s schema', () => {
    const result = compareEvaluations(exampleRun(1), [1]);
    expect(CompareResultSchema.strict().safeParse(result).success).toBe(true);
    expect(Object.keys(result)).toEqual(['reference', 'rows']);
    expect(result.reference).toEqual({ run: 1, variant: 'fp32', runtime: 'host-ort', map: 0.4462 });
    expect(Object.keys(result.rows[0])).toEqual(COMPARE_ROW_KEYS);
    expect(result.rows.map((r) => [r.variant, r.delta_map?.toFixed(4)])).toEqual([
      ['fp32', '0.0000'],
      ['fp16', '0.0002'],
      ['w8a16', '-0.0027'],
      ['w8a8', '-0.4462'],
      ['hybrid', '-0.0098'],
    ]);
    expect(result.rows[0]).toMatchObject({ latency_ms: 3.1, latency_where: 'host' });
  });

  it('never subtracts APs measured on different images: such rows keep their AP, delta null', () => {
    const other = rec({ runId: 2, variant: 'w8a8', runtime: 'rknn-board', map: 0.4, dataset: 'E' });
    const result = compareEvaluations([...exampleRun(1), other], [1, 2]);
    const row = result.rows.find((r) => r.run === 2)!;
    expect(row).toMatchObject({ dataset: 'E', map: 0.4, delta_map: null, delta_map50: null });
    // Asking for dataset E: no fp32 there, so no reference and no deltas at all.
    const onE = compareEvaluations([...exampleRun(1), other], [1, 2], 'E');
    expect(onE.reference).toBeNull();
    expect(onE.rows.every((r) => r.delta_map === null)).toBe(true);
  });

  it('takes the reference from the first run given, host onnxruntime first', () => {
    const a = [rec({ runId: 5, variant: 'fp32', runtime: 'rknn-sim', map: 0.43 })];
    const b = [rec({ runId: 6, variant: 'fp32', runtime: 'host-ort', map: 0.45 })];
    expect(compareEvaluations([...a, ...b], [5, 6]).reference).toMatchObject({ run: 5, runtime: 'rknn-sim' });
    expect(compareEvaluations([...a, ...b], [6, 5]).reference).toMatchObject({ run: 6, map: 0.45 });
  });
});

describe('apHeadline (runs table)', () => {
  it('shows the int8 the run builds, not the float or the proposal, red beyond the budget', () => {
    const h = apHeadline(exampleRun(1))!;
    expect(h).toMatchObject({ variant: 'w8a8', runtime: 'builtin-sim', map: 0, floatMap: 0.4462, overBudget: true });
    expect(h.deltaMap).toBeCloseTo(-0.4462, 6);
  });

  it('prefers the most real runtime: board over vendor simulator over built-in simulator', () => {
    const records = [
      ...exampleRun(1),
      rec({ runId: 1, variant: 'hybrid', runtime: 'rknn-board', map: 0.44 }),
      rec({ runId: 1, variant: 'w8a8', runtime: 'rknn-sim', map: 0.01 }),
    ];
    expect(apHeadline(records)).toMatchObject({ variant: 'hybrid', runtime: 'rknn-board', overBudget: false });
  });

  it('is within budget when the loss is small, and a float-only run shows its AP without a delta', () => {
    const ok = [
      rec({ runId: 1, variant: 'fp32', runtime: 'host-ort', map: 0.45 }),
      rec({ runId: 1, variant: 'w8a8', runtime: 'builtin-sim', map: 0.445, variantDetail: { apBudget: 0.01 } }),
    ];
    expect(apHeadline(ok)).toMatchObject({ overBudget: false, budget: 0.01 });
    expect(apHeadline([ok[0]])).toMatchObject({ variant: 'fp32', deltaMap: null, overBudget: false });
    expect(apHeadline([])).toBeNull();
  });
});

describe('buildApTable (ap-table)', () => {
  it('puts variants down and runtimes across, newest record per cell, other datasets counted', () => {
    const records = [
      ...exampleRun(1),
      rec({ runId: 1, variant: 'w8a8', runtime: 'rknn-sim', map: 0.02 }),
      rec({ runId: 1, variant: 'w8a8', runtime: 'rknn-board', map: 0.3, dataset: 'E' }),
    ];
    const t = buildApTable(records, [1], new Map([[1, 'example']]));
    expect(t.runtimes).toEqual(['host-ort', 'builtin-sim', 'rknn-sim']);
    expect(t.otherDataset).toBe(1);
    const w8a8 = t.rows.find((r) => r.variant === 'w8a8')!;
    expect(w8a8.cells.map((c) => c?.map ?? null)).toEqual([null, 0, 0.02]);
    expect(t.rows.map((r) => r.label)).toEqual(['fp32', 'fp16', 'w8a16', 'w8a8', 'w8a8 + proposal']);
  });
});
