import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/contract';
import { useApi } from '../api/api-context';

/** Chooses the run a page shows; lists recent finished runs. */
export function RunPicker(props: {
  label: string;
  value: number | null;
  onChange(id: number): void;
  exclude?: number | null;
}): React.JSX.Element {
  const api = useApi();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  useEffect(() => {
    api.runs.list({ status: 'succeeded', limit: 300 }).then(
      (p) => setRuns(p.rows),
      () => setRuns([]),
    );
  }, [api]);
  return (
    <label className="filter">
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => e.target.value && props.onChange(Number(e.target.value))}>
        <option value="">choose a run…</option>
        {props.value !== null && !runs.some((r) => r.id === props.value) && (
          <option value={props.value}>#{props.value}</option>
        )}
        {runs
          .filter((r) => r.id !== props.exclude)
          .map((r) => (
            <option key={r.id} value={r.id}>
              #{r.id} {r.name}
            </option>
          ))}
      </select>
    </label>
  );
}
