import { describe, expect, it } from 'vitest';
import { legendEntries, severityScale } from './severity-scale';

/** 279 cosines like the demo detector's w8a8 table: most near 0.999, a few at 0.997, one at 0. */
const demoLike = [
  0,
  ...Array.from({ length: 20 }, (_, i) => 0.996 + i / 10000),
  ...Array.from({ length: 258 }, (_, i) => 0.999 + i / 1e6),
];

describe('severity scale relative to the model', () => {
  it('colours the worst layers of a healthy-looking model (all cosines ≥ 0.99)', () => {
    const scale = severityScale('cosSingle', demoLike);
    expect(scale.classify(0)).toBe('bad');
    expect(scale.classify(0.996)).toBe('bad');
    expect(scale.classify(0.9975)).toBe('warn');
    expect(scale.classify(0.99925)).toBe('ok');
    expect(scale.classify(null)).toBe('none');
    const counts = demoLike.map((v) => scale.classify(v));
    expect(counts.filter((c) => c === 'bad').length).toBe(Math.ceil(0.02 * demoLike.length));
    expect(counts.filter((c) => c === 'bad' || c === 'warn').length).toBe(Math.ceil(0.1 * demoLike.length));
  });

  it('treats higher euclidean distance as worse and prints the thresholds in the legend', () => {
    const scale = severityScale(
      'eucEntire',
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(scale.classify(99)).toBe('bad');
    expect(scale.classify(0)).toBe('ok');
    expect(legendEntries(scale).map((e) => e.text)).toEqual(['≥ 98.000', '≥ 90.000', '≥ 70.000', '< 70.000']);
    expect(legendEntries(severityScale('cosEntire', [0.5, 0.9, 0.99, 0.999]))[0].text).toBe('≤ 0.50000');
  });

  it('leaves a model whose layers are all alike uncoloured', () => {
    const scale = severityScale(
      'sqnr',
      Array.from({ length: 50 }, () => 30),
    );
    expect(scale.classify(30)).toBe('ok');
    expect(legendEntries(scale)).toEqual([{ band: 'ok', text: 'all layers alike' }]);
  });
});
