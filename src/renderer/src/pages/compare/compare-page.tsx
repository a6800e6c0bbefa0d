import { Suspense, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { Tabs } from '../../components/tabs';
import { href, navigate } from '../../routing/router';
import { useBaselineFallback } from '../../routing/use-baseline-fallback';
import { RunPicker } from '../../components/run-picker';
import { pickReference } from '../../../../shared/evaluation/reference-record';
import { ApCompare } from './ap-compare';
import { ApLatencyChart } from './ap-latency-chart';
import { chosenRecords, defaultVariantKey } from './chosen-variant';
import { ConfigDiffView } from './config-diff-view';
import { LayerOverlay } from './layer-overlay';
import { MetricsCompare } from './metrics-compare';
import { PrChart } from './pr-chart';
import { useCompareData, useRecordCurves } from './use-compare-data';
import { ConfigDiffEditor } from '../../shell/heavy-parts';

const TABS = ['AP', 'PR curves', 'AP vs latency', 'Config', 'Layer errors'] as const;
/** What one run alone can show (the baseline before anything else exists); the rest needs a pair. */
const SINGLE_TABS = TABS.slice(0, 3);

/**
 * 1–N runs side by side: AP of every variant × runtime with Δ against fp32, per-class AP and PR curves of a
 * chosen variant, AP vs latency, config differences, layer errors.
 */
export function ComparePage(props: { runIds: number[]; theme: 'light' | 'dark' }): React.JSX.Element {
  const { runs, records, error } = useCompareData(props.runIds);
  const [tab, setTab] = useState<(typeof TABS)[number]>('AP');
  const [choice, setChoice] = useState<string | null>(null);
  const chosenKey = choice ?? defaultVariantKey(records, props.runIds[0]);
  const chosen = chosenRecords(records, props.runIds, chosenKey);
  const reference = pickReference(records, props.runIds);
  const curveRecords = reference && !chosen.includes(reference) ? [reference, ...chosen] : chosen;
  const curves = useRecordCurves(curveRecords.map((r) => r.id));
  const runNames = new Map((runs ?? []).map((r) => [r.run.id, r.run.name]));
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
  const shown = tabs.includes(tab) ? tab : 'AP';
  return (
    <div className="page fill compare-page">
      <PageHeader
        title="Compare"
        subtitle={
          single
            ? `Run #${props.runIds[0]} alone: add a second run above to see Δ, config and layer differences.`
            : `${props.runIds.length} runs; AP Δ is against the fp32 reference, other metrics against the first run.`
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
          {shown === 'AP' && (
            <>
              <ApCompare
                records={records}
                runIds={props.runIds}
                runNames={runNames}
                chosen={chosenKey}
                onChoose={setChoice}
                curves={curves}
                chosenRecords={chosen}
              />
              <details className="more">
                <summary>more: other metrics of the runs (times, counts)</summary>
                <MetricsCompare runs={details} diffOnly={diffOnly && !single} />
              </details>
            </>
          )}
          {shown === 'PR curves' && <PrChart records={curveRecords} curves={curves} theme={props.theme} />}
          {shown === 'AP vs latency' && <ApLatencyChart records={records} runNames={runNames} theme={props.theme} />}
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
