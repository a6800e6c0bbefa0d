import { Suspense, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/api-context';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { href, navigate } from '../../routing/router';
import { useBaselineFallback } from '../../routing/use-baseline-fallback';
import { HybridCfgPanel } from './hybrid-cfg-panel';
import { LayerDetails } from './layer-details';
import type { LayerMetric } from './layer-rows';
import { LayerTable } from './layer-table';
import { RunPicker } from '../../components/run-picker';
import { useAccuracyData } from './use-accuracy-data';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { AccuracyToolbar, type GraphColouring } from './accuracy-toolbar';
import { ProposalPanel } from './proposal-panel';
import { severityScale, type SeverityScale } from './severity-scale';
import { WorstLayers } from './worst-layers';
import { defaultGroupDepth } from './graph-model';
import { LayerGraph } from '../../shell/heavy-parts';

/**
 * Where a quantized model loses accuracy: per-layer table, the graph coloured by a metric, keep-float and re-analysis.
 */
export function AccuracyPage(props: { runId: number | null; theme: 'light' | 'dark' }): React.JSX.Element {
  const api = useApi();
  const { data, error } = useAccuracyData(props.runId);
  // Single-layer cosine points at the layer that breaks (entire cosine also drops for everything after it).
  const [colouring, setColouring] = useState<GraphColouring>({
    source: 'sim',
    metric: 'cosSingle',
    depth: 0,
    miniMap: false,
  });
  const { source, metric } = colouring;
  const [selected, setSelected] = useState<string | null>(null);
  const [keepFloat, setKeepFloat] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [hybridOpen, setHybridOpen] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const initialFloat = useMemo(() => new Set(data?.summary?.keepFloat ?? []), [data]);
  useEffect(() => {
    setKeepFloat(new Set(initialFloat));
    if (!data) return;
    setColouring((c) => ({
      ...c,
      source: data.sources.length > 0 && !data.sources.includes(c.source) ? data.sources[0] : c.source,
      // Big graphs open grouped by module; small ones flat.
      depth: data.graph ? defaultGroupDepth(data.graph) : 0,
    }));
  }, [data, initialFloat]);
  const scales = useMemo(() => {
    const cache = new Map<string, SeverityScale>();
    return (s: LayerErrorSource, m: LayerMetric): SeverityScale => {
      const key = `${s}.${m}`;
      let scale = cache.get(key);
      if (!scale) {
        scale = severityScale(
          m,
          (data?.rows ?? []).filter((r) => r.opType !== 'Input').map((r) => r.by[s]?.[m]),
        );
        cache.set(key, scale);
      }
      return scale;
    };
  }, [data]);
  const scale = scales(source, metric);
  // What the jump list, the table and the graph share: the colouring and the one selected layer.
  const colour = { source, metric, scale };
  const selection = { selected, onSelect: setSelected };

  const changed = keepFloat.size !== initialFloat.size || [...keepFloat].some((t) => !initialFloat.has(t));
  const reanalyse = async (layers: string[]): Promise<void> => {
    setBusy(true);
    setActionError(null);
    try {
      const child = await api.analysis.rerun({ id: props.runId!, keepFloat: layers });
      navigate(href('run', child.id));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const picker = <RunPicker label="Run" value={props.runId} onChange={(id) => navigate(href('accuracy', id))} />;
  const choosingBaseline = useBaselineFallback(props.runId === null, (id) => href('accuracy', id));
  if (props.runId === null) {
    return (
      <div className="page">
        <PageHeader title="Accuracy" subtitle="Where a quantized model loses accuracy, layer by layer.">
          {picker}
        </PageHeader>
        {!choosingBaseline && (
          <EmptyState
            title="Pick a run to analyse"
            action={
              <a className="button primary" href={href('runs')}>
                Open the runs list
              </a>
            }
          >
            Choose a run above, or open a finished run from <strong>Runs</strong> and press <em>Accuracy</em>. Runs with
            an <code>analyse</code> stage have per-layer errors.
          </EmptyState>
        )}
      </div>
    );
  }
  const ap = data?.summary?.ap;
  return (
    <div className="page fill accuracy-page">
      <PageHeader
        title="Accuracy"
        subtitle={
          <>
            <a href={href('run', props.runId)}>Run #{props.runId}</a>
            {data?.summary && ` · ${data.summary.dtype} ${data.summary.algo}/${data.summary.method}`}
            {ap &&
              ` · mAP float ${ap.float.toFixed(3)} → quant ${ap.quant.toFixed(3)} → hybrid ${ap.hybrid.toFixed(3)}`}
          </>
        }
      >
        {picker}
      </PageHeader>
      <ErrorBanner error={error ?? actionError} onDismiss={() => setActionError(null)} />
      {!data && !error && <p className="muted">Loading layer errors…</p>}
      {data && data.rows.length === 0 && (
        <EmptyState
          title="This run has no per-layer errors"
          action={
            <a className="button primary" href={href('new', null, { from: String(props.runId) })}>
              Duplicate it and add an analyse stage
            </a>
          }
        >
          Add an <code>analyse</code> stage (built-in int8 simulation), or run the vendor accuracy analysis, to fill
          this view.
        </EmptyState>
      )}
      {data && data.rows.length > 0 && (
        <>
          <AccuracyToolbar
            sources={data.sources}
            value={colouring}
            onChange={setColouring}
            scale={scale}
            hybridOpen={hybridOpen}
            onToggleHybrid={() => setHybridOpen(!hybridOpen)}
          />
          <div className="accuracy-body">
            <div className="accuracy-left">
              <WorstLayers rows={data.rows} {...colour} {...selection} />
              <LayerTable
                rows={data.rows}
                sources={data.sources}
                keepFloat={keepFloat}
                {...selection}
                scaleOf={scales}
                sortMetric="cosSingle"
              />
              {data.summary && (
                <ProposalPanel
                  summary={data.summary}
                  busy={busy}
                  onApply={(layers) => void reanalyse(layers)}
                  onSelect={setSelected}
                />
              )}
              {hybridOpen && (
                <HybridCfgPanel
                  key={[...keepFloat].join('\n')}
                  runId={props.runId}
                  keepFloat={keepFloat}
                  theme={props.theme}
                  onApply={(layers) => {
                    setKeepFloat(new Set(layers));
                    setHybridOpen(false);
                  }}
                />
              )}
              <LayerDetails
                row={selected ? (data.byTensor.get(selected) ?? null) : null}
                sources={data.sources}
                keepFloat={keepFloat}
                changed={changed}
                canReanalyse={data.summary !== null}
                busy={busy}
                onReanalyse={() => void reanalyse([...keepFloat])}
                scaleOf={scales}
                onToggleFloat={(t) =>
                  setKeepFloat((prev) => {
                    const next = new Set(prev);
                    if (next.has(t)) next.delete(t);
                    else next.add(t);
                    return next;
                  })
                }
              />
            </div>
            <div className="graph-frame" aria-label="Model graph">
              {data.graph ? (
                <Suspense fallback={<p className="muted graph-loading">Loading the graph view…</p>}>
                  <LayerGraph
                    view={data.graph}
                    rows={data.byTensor}
                    {...colour}
                    {...selection}
                    groupDepth={colouring.depth}
                    theme={props.theme}
                    showMiniMap={colouring.miniMap}
                  />
                </Suspense>
              ) : (
                <ErrorBanner error={data.graphError} />
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
