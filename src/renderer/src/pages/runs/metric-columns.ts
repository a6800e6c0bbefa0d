export interface MetricColumn {
  key: string;
  label: string;
  /** Direction of "better", which colours Δ against the baseline. */
  better: 'higher' | 'lower';
  digits: number;
}

const KNOWN: MetricColumn[] = [
  { key: 'map', label: 'mAP50-95', better: 'higher', digits: 3 },
  { key: 'map50', label: 'mAP50', better: 'higher', digits: 3 },
  { key: 'ap_quant', label: 'AP int8 (sim)', better: 'higher', digits: 3 },
  { key: 'ap_hybrid', label: 'AP hybrid', better: 'higher', digits: 3 },
  { key: 'board.latency_ms', label: 'Board ms', better: 'lower', digits: 2 },
  { key: 'board.benchmark_ms', label: 'Bench ms', better: 'lower', digits: 2 },
  { key: 'latency_ms', label: 'Latency ms', better: 'lower', digits: 2 },
  { key: 'ap_float', label: 'AP fp32', better: 'higher', digits: 3 },
  { key: 'ms_per_image', label: 'Host ms/img', better: 'lower', digits: 2 },
  { key: 'keep_float', label: 'Float layers', better: 'lower', digits: 0 },
  { key: 'min_cosine', label: 'Min cos', better: 'higher', digits: 4 },
  { key: 'analysis_seconds', label: 'Analysis s', better: 'lower', digits: 1 },
  { key: 'images', label: 'Images evaluated', better: 'higher', digits: 0 },
  { key: 'seconds', label: 'Eval wall time s', better: 'lower', digits: 1 },
  { key: 'layers', label: 'Tensors analysed', better: 'higher', digits: 0 },
];
const LOWER_IS_BETTER = /latency|_ms$|ms$|seconds|bytes|size|error|euc|loss|drop/i;

export function metricColumn(key: string): MetricColumn {
  return (
    KNOWN.find((c) => c.key === key) ?? {
      key,
      label: key,
      better: LOWER_IS_BETTER.test(key) ? 'lower' : 'higher',
      digits: 4,
    }
  );
}

/**
 * AP metric keys the stages also write: an AP without its variant and runtime reads as the float AP of
 * an int8 run, so the table shows the ledger's AP column instead of these.
 */
const AP_METRIC = /^(map|map50|map75|map_\w+|mar\w*|ap_float|ap_quant|ap_hybrid|(rknn_sim|board)\.map\w*)$/;
export const isApMetric = (key: string): boolean => AP_METRIC.test(key);

/** The metric columns worth showing: the well-known ones first, then other keys runs have, at most `max`. */
export function pickMetricColumns(keys: string[], max = 3): MetricColumn[] {
  const seen = new Set(keys.filter((k) => !isApMetric(k)));
  const known = KNOWN.filter((c) => seen.has(c.key));
  const rest = [...seen]
    .filter((k) => !KNOWN.some((c) => c.key === k))
    .sort()
    .map(metricColumn);
  return [...known, ...rest].slice(0, max);
}

/** Signed difference to the baseline and whether it is an improvement. */
export function delta(
  column: MetricColumn,
  value: number | undefined,
  base: number | undefined,
): { text: string; tone: 'good' | 'bad' | 'same' } | null {
  if (value === undefined || base === undefined) return null;
  const d = value - base;
  const eps = 10 ** -(column.digits + 1);
  if (Math.abs(d) < eps) return { text: '±0', tone: 'same' };
  const improved = column.better === 'higher' ? d > 0 : d < 0;
  return { text: `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(column.digits)}`, tone: improved ? 'good' : 'bad' };
}
