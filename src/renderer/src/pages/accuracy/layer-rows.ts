import type { LayerError, LayerErrorSource } from '../../../../shared/contract/analysis-schemas';

export type LayerMetric = 'cosEntire' | 'cosSingle' | 'eucEntire' | 'eucSingle' | 'sqnr';
export const SOURCES: LayerErrorSource[] = ['sim', 'vendor-sim', 'board'];
export const SOURCE_LABEL: Record<LayerErrorSource, string> = {
  sim: 'Built-in sim',
  'vendor-sim': 'Vendor sim',
  board: 'Board',
};
export const METRIC_LABEL: Record<LayerMetric, string> = {
  cosEntire: 'cos entire',
  cosSingle: 'cos single',
  eucEntire: 'euc entire',
  eucSingle: 'euc single',
  sqnr: 'SQNR dB',
};

/** One tensor with its error rows from each source, side by side. */
export interface LayerRow {
  tensor: string;
  seq: number;
  opType: string | null;
  onnxNode: string | null;
  by: Partial<Record<LayerErrorSource, LayerError>>;
}

export function mergeLayerRows(errors: LayerError[]): { rows: LayerRow[]; sources: LayerErrorSource[] } {
  const byTensor = new Map<string, LayerRow>();
  for (const e of errors) {
    const row = byTensor.get(e.tensor) ?? {
      tensor: e.tensor,
      seq: e.seq,
      opType: e.opType,
      onnxNode: e.onnxNode,
      by: {},
    };
    row.by[e.source] = e;
    row.seq = Math.min(row.seq, e.seq);
    row.opType ??= e.opType;
    row.onnxNode ??= e.onnxNode;
    byTensor.set(e.tensor, row);
  }
  const present = new Set(errors.map((e) => e.source));
  return { rows: [...byTensor.values()].sort((a, b) => a.seq - b.seq), sources: SOURCES.filter((s) => present.has(s)) };
}

export function formatMetric(metric: LayerMetric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return metric.startsWith('cos') ? value.toFixed(5) : value.toFixed(3);
}
