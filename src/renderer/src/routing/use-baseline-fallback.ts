import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';

/**
 * A page opened without a run (Accuracy, Compare from the navigation) shows the pinned baseline instead of
 * an empty screen; on first launch that is the demo run. Returns true while it is still deciding.
 */
export function useBaselineFallback(needed: boolean, target: (baselineId: number) => string): boolean {
  const api = useApi();
  const [pending, setPending] = useState(needed);
  useEffect(() => {
    if (!needed) {
      setPending(false);
      return;
    }
    let live = true;
    setPending(true);
    api.settings
      .get()
      // A deleted baseline is no fallback: runs:get rejects it.
      .then(({ baselineRunId }) =>
        baselineRunId === null ? null : api.runs.get({ id: baselineRunId }).then((run) => run.id),
      )
      .then((id) => live && id !== null && window.location.replace(target(id)))
      .catch(() => undefined)
      .finally(() => live && setPending(false));
    return () => {
      live = false;
    };
    // `target` is a fresh closure each render; only a change of `needed` matters.
  }, [api, needed]);
  return pending;
}
