import { describe, expect, it } from 'vitest';
import { delta, metricColumn, pickMetricColumns } from './metric-columns';

describe('metric columns', () => {
  it('shows the well-known metrics first, then others, up to the limit', () => {
    expect(pickMetricColumns(['zeta', 'board.latency_ms', 'keep_float', 'alpha'], 3).map((c) => c.key)).toEqual([
      'board.latency_ms',
      'keep_float',
      'alpha',
    ]);
  });
  it('leaves AP metrics to the AP column (an AP without variant and runtime misleads)', () => {
    const keys = [
      'map',
      'map50',
      'ap_float',
      'ap_quant',
      'ap_hybrid',
      'rknn_sim.map',
      'board.map50',
      'board.latency_ms',
    ];
    expect(pickMetricColumns(keys).map((c) => c.key)).toEqual(['board.latency_ms']);
  });
  it('guesses the direction of unknown metrics from their name', () => {
    expect(metricColumn('rknn.sim.map').better).toBe('higher');
    expect(metricColumn('export_seconds').better).toBe('lower');
    expect(metricColumn('model_bytes').better).toBe('lower');
  });
  it('colours Δ by direction: more AP is good, more latency is bad', () => {
    expect(delta(metricColumn('map'), 0.45, 0.4)).toEqual({ text: '+0.050', tone: 'good' });
    expect(delta(metricColumn('board.latency_ms'), 12, 10)).toEqual({ text: '+2.00', tone: 'bad' });
    expect(delta(metricColumn('map'), 0.4, 0.4)).toEqual({ text: '±0', tone: 'same' });
    expect(delta(metricColumn('map'), undefined, 0.4)).toBeNull();
  });
});
