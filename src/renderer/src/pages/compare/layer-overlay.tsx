import { Suspense, useState } from 'react';
import { useApi } from '../../api/api-context';
import { useRefetched } from '../../api/use-refetched';
import { ErrorBanner } from '../../components/error-banner';
import { mergeLayerRows } from '../accuracy/layer-rows';
import { severityScale } from '../accuracy/severity-scale';
import { defaultGroupDepth } from '../accuracy/graph-model';
import { runGraph } from '../accuracy/run-graph-cache';
import { LayerGraph } from '../../shell/heavy-parts';

/** Two runs' layer errors on the first run's graph: each node reads "A | B" and is coloured by run A. */
export function LayerOverlay(props: { a: number; b: number; theme: 'light' | 'dark' }): React.JSX.Element {
  const api = useApi();
  const [selected, setSelected] = useState<string | null>(null);
  const { data, error } = useRefetched(`layer-overlay:${props.a},${props.b}`, async () => {
    const rows = async (id: number) =>
      new Map(mergeLayerRows(await api.analysis.layerErrors({ id, source: 'sim' })).rows.map((r) => [r.tensor, r]));
    const [view, a, b] = await Promise.all([runGraph(api, props.a), rows(props.a), rows(props.b)]);
    const scale = severityScale(
      'cosEntire',
      [...a.values()].map((r) => r.by.sim?.cosEntire),
    );
    return { view, a, b, scale };
  });
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
