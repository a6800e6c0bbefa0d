import type { RunDetail } from '../../../../shared/contract';
import { delta, metricColumn } from '../runs/metric-columns';

/** Every metric of the runs (rows) × runs (columns), Δ against the first run; then AP per class. */
export function MetricsCompare(props: { runs: RunDetail[]; diffOnly: boolean }): React.JSX.Element {
  const base = props.runs[0];
  const keys = [...new Set(props.runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const shownKeys = props.diffOnly
    ? keys.filter((k) => props.runs.some((r) => r.metrics[k] !== base.metrics[k]))
    : keys;
  const classes = [
    ...new Map(
      props.runs.flatMap((r) =>
        r.classMetrics.filter((c) => c.key === 'ap').map((c) => [c.classId, c.className] as const),
      ),
    ).entries(),
  ].sort((a, b) => a[0] - b[0]);
  const classAp = (run: RunDetail, id: number): number | undefined =>
    run.classMetrics.find((c) => c.classId === id && c.key === 'ap')?.value;
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
                  ? 'These runs have no metrics yet: add an eval or benchmark stage.'
                  : 'All metrics are equal.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <table className="data-table" aria-label="AP per class">
        <thead>{head}</thead>
        <tbody>
          {classes.map(([id, name]) => (
            <tr key={id}>
              <th scope="row">{name}</th>
              {props.runs.map((r) =>
                cell({ key: 'ap', label: 'AP', better: 'higher', digits: 3 }, r, classAp(r, id), classAp(base, id)),
              )}
            </tr>
          ))}
          {classes.length === 0 && (
            <tr>
              <td colSpan={props.runs.length + 1} className="muted">
                No per-class AP: these runs were not evaluated on a dataset.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
