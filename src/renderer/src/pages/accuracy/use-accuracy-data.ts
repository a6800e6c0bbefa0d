import { useEffect, useState } from 'react';
import type { GraphView } from '../../../../shared/contract';
import type { AnalysisSummary } from '../../../../shared/contract/analysis-contract';
import { useApi } from '../../api/api-context';
import { runGraph } from './run-graph-cache';
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

/**
 * Finished analyses of this session by run id: their errors, summary and graph never change (a re-analysis is a new
 * run), so a revisit renders at once instead of re-reading the model and the table.
 */
const finished = new Map<number, AccuracyData>();

/** Layer errors (every source), the analysis summary and the model graph of one run; the graph may fail alone. */
export function useAccuracyData(id: number | null): { data: AccuracyData | null; error: unknown } {
  const api = useApi();
  const [data, setData] = useState<AccuracyData | null>(() => (id === null ? null : (finished.get(id) ?? null)));
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (id === null) return;
    const hit = finished.get(id);
    if (hit) return setData(hit);
    let live = true;
    setData(null);
    setError(null);
    Promise.all([
      api.analysis.layerErrors({ id }),
      api.analysis.summary({ id }),
      runGraph(api, id).then(
        (g) => ({ g, e: null }),
        (e: unknown) => ({ g: null, e }),
      ),
    ])
      .then(([errors, summary, graph]) => {
        if (!live) return;
        const merged = mergeLayerRows(errors);
        const loaded = {
          ...merged,
          byTensor: new Map(merged.rows.map((r) => [r.tensor, r])),
          summary,
          graph: graph.g,
          graphError: graph.e,
        };
        // A summary is written when the analyse stage has finished (errors, artifacts and all).
        if (summary && graph.g) finished.set(id, loaded);
        setData(loaded);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, id]);
  return { data, error };
}
