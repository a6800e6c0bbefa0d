import { useEffect, useState } from 'react';
import type { GraphView } from '../../../../shared/contract';
import type { AnalysisSummary } from '../../../../shared/contract/analysis-contract';
import { useApi } from '../../api/api-context';
import { type LayerRow, mergeLayerRows } from './layer-rows';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';

export interface AccuracyData {
  rows: LayerRow[];
  byTensor: Map<string, LayerRow>;
  sources: LayerErrorSource[];
  summary: AnalysisSummary | null;
  graph: GraphView | null;
  graphError: unknown;
}

/** Layer errors (every source), the analysis summary and the model graph of one run; the graph may fail alone. */
export function useAccuracyData(id: number | null): { data: AccuracyData | null; error: unknown } {
  const api = useApi();
  const [data, setData] = useState<AccuracyData | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    setData(null);
    setError(null);
    Promise.all([
      api.analysis.layerErrors({ id }),
      api.analysis.summary({ id }),
      api.runs.graph({ id }).then(
        (g) => ({ g, e: null }),
        (e: unknown) => ({ g: null, e }),
      ),
    ])
      .then(([errors, summary, graph]) => {
        if (!live) return;
        const merged = mergeLayerRows(errors);
        setData({
          ...merged,
          byTensor: new Map(merged.rows.map((r) => [r.tensor, r])),
          summary,
          graph: graph.g,
          graphError: graph.e,
        });
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, id]);
  return { data, error };
}
