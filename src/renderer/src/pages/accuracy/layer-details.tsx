import type { LayerRow } from './layer-rows';
import { formatMetric, type LayerMetric, METRIC_LABEL, SOURCE_LABEL } from './layer-rows';
import type { SeverityScale } from './severity-scale';
import type { LayerErrorSource } from '../../../../shared/contract/analysis-schemas';

const ALL: LayerMetric[] = ['cosEntire', 'cosSingle', 'eucEntire', 'eucSingle', 'sqnr'];

/** The selected layer across sources, with the keep-float toggle and the one-click re-analysis. */
export function LayerDetails(props: {
  row: LayerRow | null;
  sources: LayerErrorSource[];
  keepFloat: ReadonlySet<string>;
  changed: boolean;
  canReanalyse: boolean;
  busy: boolean;
  onToggleFloat(tensor: string): void;
  onReanalyse(): void;
  scaleOf(source: LayerErrorSource, metric: LayerMetric): SeverityScale;
}): React.JSX.Element {
  const { row } = props;
  return (
    <aside className="layer-details" aria-label="Layer details">
      {row ? (
        <>
          <h2 className="mono" title={row.tensor}>
            {row.tensor}
          </h2>
          <p className="muted small">
            {row.opType ?? 'op unknown'} · node {row.onnxNode ?? '—'} · #{row.seq}
          </p>
          <table className="details-table">
            <thead>
              <tr>
                <th />
                {props.sources.map((s) => (
                  <th key={s}>{SOURCE_LABEL[s]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ALL.map((m) => (
                <tr key={m}>
                  <th scope="row">{METRIC_LABEL[m]}</th>
                  {props.sources.map((s) => (
                    <td key={s} className={`num sev-${props.scaleOf(s, m).classify(row.by[s]?.[m])}`}>
                      {formatMetric(m, row.by[s]?.[m])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <label className="filter check">
            <input
              type="checkbox"
              checked={props.keepFloat.has(row.tensor)}
              onChange={() => props.onToggleFloat(row.tensor)}
              disabled={!props.canReanalyse}
            />
            Keep this layer float
          </label>
        </>
      ) : (
        <p className="muted">Click a layer in the table or the graph to see its numbers and keep it float.</p>
      )}
      <div className="reanalyse">
        <span className="muted small">
          {props.keepFloat.size} layer{props.keepFloat.size === 1 ? '' : 's'} kept float
        </span>
        <button
          type="button"
          className="primary"
          disabled={!props.canReanalyse || !props.changed || props.busy}
          onClick={props.onReanalyse}
        >
          {props.busy ? 'Starting…' : 'Re-analyse with this set'}
        </button>
        {!props.canReanalyse && <span className="muted small">Re-analysis needs a run with an analyse stage.</span>}
      </div>
    </aside>
  );
}
