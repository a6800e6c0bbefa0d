import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';

/** The pinned baseline run (settings.baselineRunId), which every other run shows Δ columns against. */
export function useBaseline(): { run: RunSummary | null; pin(id: number | null): Promise<void>; error: unknown } {
  const api = useApi();
  const [run, setRun] = useState<RunSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const { baselineRunId } = await api.settings.get();
    // A deleted baseline simply stops being one.
    setRun(baselineRunId === null ? null : await api.runs.get({ id: baselineRunId }).catch(() => null));
  }, [api]);
  useEffect(() => {
    load().catch(setError);
    return api.events.onRunsChanged(() => void load().catch(setError));
  }, [api, load]);
  const pin = useCallback(
    async (id: number | null) => {
      await api.settings.update({ baselineRunId: id });
      await load();
    },
    [api, load],
  );
  return { run, pin, error };
}
