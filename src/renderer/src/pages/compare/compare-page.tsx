import { lazy, Suspense, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { Tabs } from '../../components/tabs';
import { href, navigate } from '../../routing/router';
import { useBaselineFallback } from '../../routing/use-baseline-fallback';
import { RunPicker } from '../../components/run-picker';
import { ApLatencyChart } from './ap-latency-chart';
import { ConfigDiffView } from './config-diff-view';
import { LayerOverlay } from './layer-overlay';
import { MetricsCompare } from './metrics-compare';
import { PrChart } from './pr-chart';
import { useCompareData } from './use-compare-data';

const ConfigDiffEditor = lazy(() => import('../../editor/config-diff-editor'));
const TABS = ['Metrics', 'PR curves', 'AP vs latency', 'Config', 'Layer errors'] as const;
/** What one run alone can show (the baseline before anything else exists); the rest needs a pair. */
const SINGLE_TABS = TABS.slice(0, 3);

/**
 * 2–N runs side by side: metrics and per-class AP with Δ, PR curves, AP vs latency, config differences, layer errors.
 */
export function ComparePage(props: { runIds: number[]; theme: 'light' | 'dark' }): React.JSX.Element {
  const { runs, error } = useCompareData(props.runIds);
  const [tab, setTab] = useState<(typeof TABS)[number]>('Metrics');
  const [diffOnly, setDiffOnly] = useState(true);
  const [textDiff, setTextDiff] = useState(false);
  const setIds = (ids: number[]): void =>
    navigate(href('compare', null, ids.length ? { ids: ids.join(',') } : undefined));

  const chooser = (
    <div className="compare-runs" aria-label="Compared runs">
      {props.runIds.map((id) => (
        <span key={id} className="chip run-chip">
          <a href={href('run', id)}>#{id}</a>
          <button
            type="button"
            className="ghost small"
            aria-label={`Remove run ${id} from the comparison`}
            onClick={() => setIds(props.runIds.filter((r) => r !== id))}
          >
            ✕
          </button>
        </span>
      ))}
      <RunPicker
        label="Add run"
        value={null}
        onChange={(id) => !props.runIds.includes(id) && setIds([...props.runIds, id])}
      />
    </div>
  );
  const choosingBaseline = useBaselineFallback(props.runIds.length === 0, (id) =>
    href('compare', null, { ids: String(id) }),
  );
  if (props.runIds.length === 0) {
    return (
      <div className="page">
        <PageHeader title="Compare" subtitle="Two or more runs side by side." />
        {chooser}
        {!choosingBaseline && (
          <EmptyState
            title="Select two or more runs"
            action={
              <a className="button primary" href={href('runs')}>
                Select runs
              </a>
            }
          >
            Add runs above, or in <strong>Runs</strong> tick runs with Space and press <em>Compare</em>.
          </EmptyState>
        )}
      </div>
    );
  }
  const details = runs?.map((r) => r.run) ?? [];
  const single = props.runIds.length === 1;
  const tabs = single ? SINGLE_TABS : TABS;
  const shown = tabs.includes(tab) ? tab : 'Metrics';
  return (
    <div className="page fill compare-page">
      <PageHeader
        title="Compare"
        subtitle={
          single
            ? `Run #${props.runIds[0]} alone: add a second run above to see Δ, config and layer differences.`
            : `${props.runIds.length} runs; Δ is against the first one.`
        }
      >
        {!single && (
          <label className="filter check">
            <input type="checkbox" checked={diffOnly} onChange={(e) => setDiffOnly(e.target.checked)} />
            differences only
          </label>
        )}
      </PageHeader>
      {chooser}
      <ErrorBanner error={error} />
      <Tabs<(typeof TABS)[number]> tabs={tabs} value={shown} onChange={setTab} label="Comparison views" />
      {!runs && !error && <p className="muted">Loading runs…</p>}
      {runs && (
        <div className="tab-panel" role="tabpanel" aria-label={shown}>
          {shown === 'Metrics' && <MetricsCompare runs={details} diffOnly={diffOnly && !single} />}
          {shown === 'PR curves' && <PrChart runs={runs} theme={props.theme} />}
          {shown === 'AP vs latency' && <ApLatencyChart runs={runs} theme={props.theme} />}
          {shown === 'Config' && (
            <>
              <label className="filter check">
                <input type="checkbox" checked={textDiff} onChange={(e) => setTextDiff(e.target.checked)} />
                text diff of #{details[0].id} and #{details[1].id}
              </label>
              {textDiff ? (
                <div className="editor-frame diff-frame">
                  <Suspense fallback={<div className="editor-loading">Loading diff…</div>}>
                    <ConfigDiffEditor left={details[0].configText} right={details[1].configText} theme={props.theme} />
                  </Suspense>
                </div>
              ) : (
                <ConfigDiffView runs={details} diffOnly={diffOnly} />
              )}
            </>
          )}
          {shown === 'Layer errors' && <LayerOverlay a={details[0].id} b={details[1].id} theme={props.theme} />}
        </div>
      )}
    </div>
  );
}
