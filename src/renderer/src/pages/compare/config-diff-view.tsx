import type { RunDetail } from '../../../../shared/contract';
import { diffConfigs } from './config-diff';

/** The run configs key by key; with "differences only" just the keys that change (MLflow's lost "Show diff only"). */
export function ConfigDiffView(props: { runs: RunDetail[]; diffOnly: boolean }): React.JSX.Element {
  const rows = diffConfigs(props.runs.map((r) => r.configText)).filter((r) => !props.diffOnly || r.differs);
  return (
    <table className="data-table config-diff" aria-label="Config differences">
      <thead>
        <tr>
          <th>Key</th>
          {props.runs.map((r) => (
            <th key={r.id}>
              #{r.id} {r.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.differs ? 'differs' : undefined}>
            <th scope="row" className="mono">
              {row.key}
            </th>
            {row.values.map((v, i) => (
              <td key={i} className="mono">
                {v ?? <span className="muted">(absent)</span>}
              </td>
            ))}
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={props.runs.length + 1} className="muted">
              The configs are identical.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
