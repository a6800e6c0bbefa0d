import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/api-context';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { href, navigate } from '../../routing/router';
import { useBaselineFallback } from '../../routing/use-baseline-fallback';
import { HybridCfgPanel } from './hybrid-cfg-panel';
import { LayerDetails } from './layer-details';
import { type LayerMetric, METRIC_LABEL, SOURCE_LABEL } from './layer-rows';
import { LayerTable } from './layer-table';
import { RunPicker } from '../../components/run-picker';
import { useAccuracyData } from './use-accuracy-data';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';

const LayerGraph = lazy(() => import('./layer-graph'));

/**
 * Where a quantized model loses accuracy: per-layer table, the graph coloured by a metric, keep-float and re-analysis.
 */
export function AccuracyPage(props: { runId: number | null; theme: 'light' | 'dark' }): React.JSX.Element {
  const api = useApi();
  const { data, error } = useAccuracyData(props.runId);
  const [source, setSource] = useState<LayerErrorSource>('sim');
  const [metric, setMetric] = useState<LayerMetric>('cosEntire');
  const [depth, setDepth] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [keepFloat, setKeepFloat] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [hybridOpen, setHybridOpen] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const initialFloat = useMemo(() => new Set(data?.summary?.keepFloat ?? []), [data]);
  useEffect(() => {
    setKeepFloat(new Set(initialFloat));
    if (data && data.sources.length > 0 && !data.sources.includes(source)) setSource(data.sources[0]);
    // Big graphs open grouped by module; small ones flat.
    if (data?.graph) setDepth(data.graph.nodes.length > 300 ? 1 : 0);
  }, [data, initialFloat]);

  const changed = keepFloat.size !== initialFloat.size || [...keepFloat].some((t) => !initialFloat.has(t));
  const reanalyse = async (): Promise<void> => {
    setBusy(true);
    setActionError(null);
    try {
      const child = await api.analysis.rerun({ id: props.runId!, keepFloat: [...keepFloat] });
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
          <div className="accuracy-toolbar" role="toolbar" aria-label="Graph colouring">
            <label className="filter">
              Source
              <select value={source} onChange={(e) => setSource(e.target.value as LayerErrorSource)}>
                {data.sources.map((s) => (
                  <option key={s} value={s}>
                    {SOURCE_LABEL[s]}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              Colour by
              <select value={metric} onChange={(e) => setMetric(e.target.value as LayerMetric)}>
                {Object.entries(METRIC_LABEL).map(([m, label]) => (
                  <option key={m} value={m}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              Group by module
              <select value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
                <option value={0}>off</option>
                <option value={1}>level 1</option>
                <option value={2}>level 2</option>
              </select>
            </label>
            <button
              type="button"
              aria-pressed={hybridOpen}
              onClick={() => setHybridOpen(!hybridOpen)}
              title="Edit the keep-float layers as an rknn custom_quantize_layers block"
            >
              {hybridOpen ? 'Close hybrid cfg' : 'Hybrid cfg'}
            </button>
            <span className="legend small">
              <span className="sev-ok">■ ≥ 0.99</span> <span className="sev-warn">■ &lt; 0.99</span>{' '}
              <span className="sev-bad">■ &lt; 0.98</span>
            </span>
          </div>
          <div className="accuracy-body">
            <div className="accuracy-left">
              <LayerTable
                rows={data.rows}
                sources={data.sources}
                keepFloat={keepFloat}
                selected={selected}
                onSelect={setSelected}
              />
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
                onReanalyse={() => void reanalyse()}
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
                    source={source}
                    metric={metric}
                    selectedTensor={selected}
                    onSelectTensor={setSelected}
                    groupDepth={depth}
                    theme={props.theme}
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
