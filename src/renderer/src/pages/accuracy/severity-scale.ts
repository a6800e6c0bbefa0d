import { formatMetric, type LayerMetric, METRIC_LABEL } from './layer-rows';

export type Severity = 'bad' | 'warn' | 'mild' | 'ok' | 'none';

/** Share of a model's layers in each band, worst first: the worst 2 % red, the next 8 % amber, the next 20 % pale. */
const BANDS: [Exclude<Severity, 'ok' | 'none'>, number][] = [
  ['bad', 0.02],
  ['warn', 0.1],
  ['mild', 0.3],
];

/** Cosine and SQNR are worse when lower, euclidean distance when higher. */
export function lowerIsWorse(metric: LayerMetric): boolean {
  return !metric.startsWith('euc');
}

export interface SeverityScale {
  metric: LayerMetric;
  /** The value each band starts at (inclusive), worst band first; a band is absent when it holds no layer. */
  thresholds: { band: Exclude<Severity, 'ok' | 'none'>; value: number }[];
  classify(value: number | null | undefined): Severity;
}

/**
 * A colour scale relative to this model's own distribution of a metric, so the worst layers stand out whether the
 * model's cosines sit at 0.9999 or 0.9: band edges are quantiles of the values. A value only counts as worse than
 * "ok" when it is worse than the median, so a model whose layers are all equal stays uncoloured.
 */
export function severityScale(metric: LayerMetric, values: Iterable<number | null | undefined>): SeverityScale {
  const worse = lowerIsWorse(metric);
  // Sorted worst first.
  const sorted = [...values]
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => (worse ? a - b : b - a));
  const isWorse = (a: number, b: number): boolean => (worse ? a < b : a > b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const thresholds: SeverityScale['thresholds'] = [];
  for (const [band, share] of BANDS) {
    if (sorted.length === 0) break;
    const edge = sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
    if (!isWorse(edge, median)) break;
    if (thresholds.length > 0 && thresholds[thresholds.length - 1].value === edge) continue;
    thresholds.push({ band, value: edge });
  }
  return {
    metric,
    thresholds,
    classify(value) {
      if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
      for (const t of thresholds) if (!isWorse(t.value, value)) return t.band;
      return 'ok';
    },
  };
}

/** The legend's words for a scale: "cos single: red ≤ 0.12345 · amber ≤ 0.99800 · …". */
export function legendEntries(scale: SeverityScale): { band: Severity; text: string }[] {
  const op = lowerIsWorse(scale.metric) ? '≤' : '≥';
  const entries = scale.thresholds.map((t) => ({
    band: t.band as Severity,
    text: `${op} ${formatMetric(scale.metric, t.value)}`,
  }));
  const last = scale.thresholds[scale.thresholds.length - 1];
  const better = lowerIsWorse(scale.metric) ? '>' : '<';
  entries.push({
    band: 'ok',
    text: last ? `${better} ${formatMetric(scale.metric, last.value)}` : `all layers alike`,
  });
  return entries;
}

export const scaleTitle = (metric: LayerMetric): string =>
  `${METRIC_LABEL[metric]}, relative to this model (worst 2 % / 10 % / 30 % of layers)`;
