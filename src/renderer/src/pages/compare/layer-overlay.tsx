import { Suspense, useEffect, useState } from 'react';
import type { GraphView } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { type LayerRow, mergeLayerRows } from '../accuracy/layer-rows';
import { type SeverityScale, severityScale } from '../accuracy/severity-scale';
import { defaultGroupDepth } from '../accuracy/graph-model';
import { runGraph } from '../accuracy/run-graph-cache';
import { LayerGraph } from '../../shell/heavy-parts';

/** Two runs' layer errors on the first run's graph: each node reads "A | B" and is coloured by run A. */
export function LayerOverlay(props: { a: number; b: number; theme: 'light' | 'dark' }): React.JSX.Element {
  const api = useApi();
  const [data, setData] = useState<{
    view: GraphView;
    a: Map<string, LayerRow>;
    b: Map<string, LayerRow>;
    scale: SeverityScale;
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    const rows = async (id: number) =>
      new Map(mergeLayerRows(await api.analysis.layerErrors({ id, source: 'sim' })).rows.map((r) => [r.tensor, r]));
    Promise.all([runGraph(api, props.a), rows(props.a), rows(props.b)]).then(
      ([view, a, b]) =>
        setData({
          view,
          a,
          b,
          scale: severityScale(
            'cosEntire',
            [...a.values()].map((r) => r.by.sim?.cosEntire),
          ),
        }),
      setError,
    );
  }, [api, props.a, props.b]);
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <p className="muted">Loading both runs’ layer errors…</p>;
  if (data.a.size === 0 && data.b.size === 0)
    return (
      <p className="muted">
        Neither run has per-layer errors: compare two runs with an <code>analyse</code> stage.
      </p>
    );
  return (
    <div className="graph-frame overlay-frame" aria-label="Layer errors of both runs on one graph">
      <Suspense fallback={<p className="muted graph-loading">Loading the graph view…</p>}>
        <LayerGraph
          view={data.view}
          rows={data.a}
          overlay={data.b}
          source="sim"
          metric="cosEntire"
          scale={data.scale}
          selected={selected}
          onSelect={setSelected}
          groupDepth={defaultGroupDepth(data.view)}
          theme={props.theme}
        />
      </Suspense>
    </div>
  );
}
