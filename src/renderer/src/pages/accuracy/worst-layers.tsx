import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { formatMetric, type LayerMetric, type LayerRow } from './layer-rows';
import { lowerIsWorse, type SeverityScale } from './severity-scale';

/** The `count` rows with the worst value of the metric for a source. */
export function worstRows(rows: LayerRow[], source: LayerErrorSource, metric: LayerMetric, count: number): LayerRow[] {
  const sign = lowerIsWorse(metric) ? 1 : -1;
  return rows
    .filter((r) => typeof r.by[source]?.[metric] === 'number' && r.opType !== 'Input')
    .sort((a, b) => sign * (a.by[source]![metric]! - b.by[source]![metric]!))
    .slice(0, count);
}

/** A jump list of the worst layers: one click selects a layer in the table and reveals it in the graph. */
export function WorstLayers(props: {
  rows: LayerRow[];
  source: LayerErrorSource;
  metric: LayerMetric;
  scale: SeverityScale;
  selected: string | null;
  onSelect(tensor: string): void;
}): React.JSX.Element | null {
  const worst = worstRows(props.rows, props.source, props.metric, 5);
  if (worst.length === 0) return null;
  return (
    <nav className="worst-layers" aria-label="Worst layers">
      <span className="muted small">Worst:</span>
      {worst.map((r) => {
        const v = r.by[props.source]![props.metric]!;
        return (
          <button
            key={r.tensor}
            type="button"
            className={`chip-button sev-${props.scale.classify(v)}`}
            aria-pressed={props.selected === r.tensor}
            title={`${r.tensor} (${r.opType ?? 'op unknown'})`}
            onClick={() => props.onSelect(r.tensor)}
          >
            <span className="mono">{r.tensor}</span> {formatMetric(props.metric, v)}
          </button>
        );
      })}
    </nav>
  );
}
