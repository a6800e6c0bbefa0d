import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';
import { type LayerMetric, METRIC_LABEL, SOURCE_LABEL } from './layer-rows';
import { legendEntries, scaleTitle, type SeverityScale } from './severity-scale';

export interface GraphColouring {
  source: LayerErrorSource;
  metric: LayerMetric;
  depth: number;
  miniMap: boolean;
}

/** Source, metric, grouping and minimap of the graph, and the legend of the colour scale they produce. */
export function AccuracyToolbar(props: {
  sources: LayerErrorSource[];
  value: GraphColouring;
  onChange(next: GraphColouring): void;
  scale: SeverityScale;
  hybridOpen: boolean;
  onToggleHybrid(): void;
}): React.JSX.Element {
  const { value } = props;
  const set = (patch: Partial<GraphColouring>): void => props.onChange({ ...value, ...patch });
  return (
    <div className="accuracy-toolbar" role="toolbar" aria-label="Graph colouring">
      <label className="filter">
        Source
        <select value={value.source} onChange={(e) => set({ source: e.target.value as LayerErrorSource })}>
          {props.sources.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        Colour by
        <select value={value.metric} onChange={(e) => set({ metric: e.target.value as LayerMetric })}>
          {Object.entries(METRIC_LABEL).map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        Group by module
        <select value={value.depth} onChange={(e) => set({ depth: Number(e.target.value) })}>
          <option value={0}>off</option>
          <option value={1}>1 level</option>
          <option value={2}>2 levels, nested</option>
          <option value={3}>3 levels, nested</option>
        </select>
      </label>
      <label className="filter check">
        <input type="checkbox" checked={value.miniMap} onChange={(e) => set({ miniMap: e.target.checked })} />
        Minimap
      </label>
      <button
        type="button"
        aria-pressed={props.hybridOpen}
        onClick={props.onToggleHybrid}
        title="Edit the keep-float layers as an rknn custom_quantize_layers block"
      >
        {props.hybridOpen ? 'Close hybrid cfg' : 'Hybrid cfg'}
      </button>
      <span className="legend small" role="note" aria-label="Colour legend" title={scaleTitle(value.metric)}>
        <span className="muted">{METRIC_LABEL[value.metric]}:</span>
        {legendEntries(props.scale).map((e) => (
          <span key={e.band} className={`swatch sev-${e.band}`}>
            ■ {e.text}
          </span>
        ))}
      </span>
    </div>
  );
}
