import { describe, expect, it } from 'vitest';
import { parseErrorAnalysis } from '../vendors/rknn/rknn-error-analysis';
import { parseQuantizationCfg } from '../vendors/rknn/rknn-quantization-cfg';
import { proposeHybrid } from './hybrid-proposal';
import type { LayerRow } from './layer-analysis';
import { formatModelExplorerNodeData, formatRknnErrorTable } from './layer-report';
import { formatProposal } from './proposal-formats';

const row = (tensor: string, opType: string, cosSingle: number, node: string | null = `/${tensor}`): LayerRow => ({
  tensor,
  opType,
  onnxNode: node,
  cosEntire: cosSingle - 0.001,
  cosSingle,
  eucEntire: 1,
  eucSingle: 1,
  sqnr: 30,
});

// 30 quantised tensors; three head tensors are the worst by single error.
const rows: LayerRow[] = [
  { ...row('images', 'Input', 1, null), eucSingle: 0.1 },
  ...Array.from({ length: 26 }, (_, i) => row(`conv${i}`, 'Conv', 0.9999 - i * 1e-6)),
  row('sigmoid', 'Sigmoid', 0.995),
  // the stride Mul: near-perfect cosine, but by far the largest euclidean error (pixels)
  { ...row('stride_mul', 'Mul', 0.999), eucSingle: 30 },
  row('concat', 'Concat', 0.9999),
  row('concat[0:stride_mul]', 'Concat', 0.9999),
  row('concat[1:sigmoid]', 'Concat', 0.0),
  row('out', 'Identity', 0.9999),
];

describe('proposeHybrid', () => {
  it('measures the worst tensors, adds them by AP gain with re-evaluation, then prunes', async () => {
    // AP model: concat float recovers most, sigmoid a little; both needed to be within 0.01 of 0.601.
    const calls: string[][] = [];
    const evaluate = async (keep: string[]) => {
      calls.push(keep);
      return (
        0.5 +
        (keep.includes('concat') ? 0.09 : 0) +
        (keep.includes('sigmoid') ? 0.006 : 0) +
        (keep.includes('stride_mul') ? 0.001 : 0)
      );
    };
    const p = await proposeHybrid(rows, evaluate, { apFloat: 0.601, apQuant: 0.5, candidates: 3 });
    // concat is ranked first through its score slice; the pool takes the worst by each column in turn
    expect(p.sensitivity.slice(0, 3).map((s) => s.tensor)).toEqual(['concat', 'sigmoid', 'stride_mul']);
    expect(calls.slice(0, 3)).toEqual([['concat'], ['stride_mul'], ['sigmoid']]);
    expect(p.sensitivity[0].apGain).toBeCloseTo(0.09, 12);
    // step 2 re-evaluates concat + each remaining candidate
    expect(calls.slice(3, 5)).toEqual([
      ['concat', 'sigmoid'],
      ['concat', 'stride_mul'],
    ]);
    expect(p.keepFloat).toEqual(['concat', 'sigmoid']);
    expect(p.apHybrid).toBeCloseTo(0.596, 12);
    expect(p.withinBudget).toBe(true);
    expect(p.evaluations).toBe(calls.length);
  });

  it('keeps nothing when int8 is already within budget, and respects the 10% cap', async () => {
    const none = await proposeHybrid(rows, async () => 0.595, { apFloat: 0.6, apQuant: 0.595, candidates: 2 });
    expect(none.keepFloat).toEqual([]);
    // every tensor helps a little but never enough: at most floor(10% of 30) = 3 kept
    const capped = await proposeHybrid(rows, async (keep) => 0.3 + keep.length * 0.01, {
      apFloat: 0.6,
      apQuant: 0.3,
      candidates: 8,
    });
    expect(capped.keepFloat.length).toBe(3);
    expect(capped.withinBudget).toBe(false);
  });
});

describe('proposeHybrid: searching further', () => {
  it('measures connected regions beside single tensors; takes one when only the whole region recovers AP', async () => {
    // a head whose loss only goes away when the three decode tensors are float together
    const decode = {
      label: 'decode region (3 tensors)',
      kind: 'decode' as const,
      tensors: ['sigmoid', 'stride_mul', 'concat'],
    };
    const evaluate = async (keep: string[]) =>
      decode.tensors.every((t) => keep.includes(t)) ? 0.6 : 0.3 + 0.001 * keep.length;
    const p = await proposeHybrid(rows, evaluate, { apFloat: 0.601, apQuant: 0.3, candidates: 3, regions: [decode] });
    expect(p.keepFloat.sort()).toEqual(['concat', 'sigmoid', 'stride_mul']);
    expect(p.withinBudget).toBe(true);
    const region = p.search.candidates.find((c) => c.kind === 'decode')!;
    expect(region).toMatchObject({ round: 0, ap: 0.6, base: 0.3 });
    expect(p.search.candidates.filter((c) => c.round === 0)).toHaveLength(4);
    expect(p.search.steps).toEqual([{ label: decode.label, tensors: 3, ap: 0.6 }]);
    expect(p.search.stopReason).toMatch(/^within budget/);
  });

  it('takes more ranked tensors while the budget is unmet, measured on top of the set so far', async () => {
    // the score Concat recovers most; the rest sits in conv3, ranked far below the first pool of 3
    const evaluate = async (keep: string[]) =>
      0.3 + (keep.includes('concat') ? 0.25 : 0) + (keep.includes('conv3') ? 0.05 : 0);
    const p = await proposeHybrid(rows, evaluate, { apFloat: 0.6, apQuant: 0.3, candidates: 3, perStep: 3 });
    expect(p.keepFloat.sort()).toEqual(['concat', 'conv3']);
    expect(p.withinBudget).toBe(true);
    const later = p.search.candidates.find((c) => c.label === 'conv3')!;
    expect(later.round).toBe(1);
    expect(later.base).toBeCloseTo(0.55, 12);
    expect(later.apGain).toBeCloseTo(0.05, 12);
    expect(p.search.steps.map((s) => s.label)).toEqual(['concat', 'conv3']);
  });

  it('stops with the reason when nothing more helps, and proposes int16 where float is not needed', async () => {
    const stuck = await proposeHybrid(rows, async (keep) => (keep.includes('concat') ? 0.5 : 0.3), {
      apFloat: 0.6,
      apQuant: 0.3,
      candidates: 3,
    });
    expect(stuck.keepFloat).toEqual(['concat']);
    expect(stuck.search.stopReason).toBe('no remaining candidate improves AP');
    // every ranked tensor was measured before giving up
    expect(new Set(stuck.search.candidates.map((c) => c.label)).size).toBe(30);

    // the score Concat needs float; the stride Mul is as good at int16
    const evaluate = async (keep: string[], int16: string[]) =>
      0.3 +
      (keep.includes('concat') ? (int16.includes('concat') ? 0.1 : 0.25) : 0) +
      (keep.includes('stride_mul') ? 0.05 : 0);
    const p = await proposeHybrid(rows, evaluate, { apFloat: 0.6, apQuant: 0.3, candidates: 3, tryInt16: true });
    expect(p.keepFloat.sort()).toEqual(['concat', 'stride_mul']);
    expect(p.keepInt16).toEqual(['stride_mul']);
    expect(p.search.int16).toEqual(['stride_mul']);
    expect(p.apHybrid).toBeCloseTo(0.6, 12);
  });
});

describe('proposal and report formats', () => {
  it('emits rknn, ATC and TensorRT syntax for the same set', () => {
    const f = formatProposal([
      { tensor: '/model.22/Concat_output_0', node: '/model.22/Concat' },
      { tensor: '/model.22/Sigmoid_output_0', node: '/model.22/Sigmoid' },
    ]);
    const cfg = parseQuantizationCfg(`${f.rknnCustomQuantizeLayers}\nquantize_parameters: {}\n`);
    expect(cfg.customLayers).toEqual({
      '/model.22/Concat_output_0': 'float16',
      '/model.22/Sigmoid_output_0': 'float16',
    });
    expect(f.atcHighPrecisionLayer).toBe('--high_precision_layer=/model.22/Concat;/model.22/Sigmoid');
    expect(f.trtexecLayerPrecisions).toBe(
      '--precisionConstraints=obey --layerPrecisions=/model.22/Concat:fp16,/model.22/Sigmoid:fp16',
    );
    const int16 = formatProposal([{ tensor: '/model.22/Mul_output_0', node: '/model.22/Mul', precision: 'int16' }]);
    expect(parseQuantizationCfg(`${int16.rknnCustomQuantizeLayers}\nquantize_parameters: {}\n`).customLayers).toEqual({
      '/model.22/Mul_output_0': 'int16',
    });
  });

  it('writes an error_analysis.txt the rknn parser reads back, and Model Explorer node data', () => {
    const parsed = parseErrorAnalysis(formatRknnErrorTable(rows));
    expect(parsed.format).toBe('2.x');
    expect(parsed.rows.map((r) => r.tensor)).toEqual(rows.map((r) => r.tensor));
    const sig = parsed.rows.find((r) => r.tensor === 'sigmoid')!;
    expect(sig).toMatchObject({
      opType: 'Sigmoid',
      simSingle: { cos: 0.995, euc: 1 },
      simEntire: { cos: 0.994, euc: 1 },
    });
    const me = JSON.parse(formatModelExplorerNodeData(rows, 'cosSingle')) as {
      results: Record<string, { value: number }>;
      gradient: unknown[];
    };
    expect(me.results.sigmoid).toEqual({ value: 0.995 });
    expect(me.results['concat[1:sigmoid]']).toBeUndefined();
    expect(me.gradient).toHaveLength(3);
  });
});
