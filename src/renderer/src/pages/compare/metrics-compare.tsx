import type { RunDetail } from '../../../../shared/contract';
import { delta, isApMetric, metricColumn } from '../runs/metric-columns';

/**
 * The bookkeeping metrics of the runs (rows) × runs (columns), Δ against the first run. AP metrics are
 * left out: the AP table above shows them with their variant and runtime.
 */
export function MetricsCompare(props: { runs: RunDetail[]; diffOnly: boolean }): React.JSX.Element {
  const base = props.runs[0];
  const keys = [...new Set(props.runs.flatMap((r) => Object.keys(r.metrics)))].filter((k) => !isApMetric(k)).sort();
  const shownKeys = props.diffOnly
    ? keys.filter((k) => props.runs.some((r) => r.metrics[k] !== base.metrics[k]))
    : keys;
  const head = (
    <tr>
      <th />
      {props.runs.map((r) => (
        <th key={r.id} className="num">
          #{r.id} {r.name}
        </th>
      ))}
    </tr>
  );
  const cell = (
    column: ReturnType<typeof metricColumn>,
    run: RunDetail,
    value: number | undefined,
    baseValue: number | undefined,
  ): React.JSX.Element => {
    const d = run.id === base.id ? null : delta(column, value, baseValue);
    return (
      <td key={run.id} className="num">
        {value === undefined ? '—' : value.toFixed(column.digits)}
        {d && <span className={`delta ${d.tone}`}>{d.text}</span>}
      </td>
    );
  };
  return (
    <div className="compare-tables">
      <table className="data-table" aria-label="Metrics">
        <thead>{head}</thead>
        <tbody>
          {shownKeys.map((k) => (
            <tr key={k}>
              <th scope="row">{metricColumn(k).label}</th>
              {props.runs.map((r) => cell(metricColumn(k), r, r.metrics[k], base.metrics[k]))}
            </tr>
          ))}
          {shownKeys.length === 0 && (
            <tr>
              <td colSpan={props.runs.length + 1} className="muted">
                {keys.length === 0
                  ? 'These runs have no other metrics.'
                  : 'All other metrics are equal (untick "differences only" to see them).'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
