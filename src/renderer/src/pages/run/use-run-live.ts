import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload, RunDetail, Stage } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';

export interface StageRate {
  /** Seconds left at the current rate, or null until two progress points exist. */
  etaSec: number | null;
}

/** One run, kept live from run:progress / run:status events; ETAs from each stage's observed rate. */
export function useRunLive(id: number): {
  run: RunDetail | null;
  error: unknown;
  eta: Map<number, StageRate>;
  reload(): void;
} {
  const api = useApi();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [eta, setEta] = useState(new Map<number, StageRate>());
  const firstSeen = useRef(new Map<number, { t: number; done: number }>());

  const reload = useCallback(() => {
    api.runs.get({ id }).then(
      (r) => {
        setRun(r);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [api, id]);

  useEffect(() => {
    setRun(null);
    firstSeen.current = new Map();
    reload();
    const onProgress = (p: EventPayload<'run:progress'>): void => {
      if (p.runId !== id) return;
      const now = performance.now();
      const seen = firstSeen.current.get(p.stageIndex);
      if (!seen || p.status !== 'running' || p.done < seen.done)
        firstSeen.current.set(p.stageIndex, { t: now, done: p.done });
      const rate = seen && p.done > seen.done ? (p.done - seen.done) / ((now - seen.t) / 1000) : 0;
      setEta((prev) =>
        new Map(prev).set(p.stageIndex, { etaSec: rate > 0 && p.total > 0 ? (p.total - p.done) / rate : null }),
      );
      setRun((prev) => {
        if (!prev) return prev;
        const stages = prev.stages.map((s): Stage =>
          s.index === p.stageIndex
            ? { ...s, status: p.status, progressDone: p.done, progressTotal: p.total, message: p.message }
            : s,
        );
        return { ...prev, stages };
      });
      // Stage start/finish changes timestamps and errors: take them from the store.
      if (p.status !== 'running' || !seen) reload();
    };
    const offProgress = api.events.onRunProgress(onProgress);
    const offStatus = api.events.onRunStatus((s) => s.runId === id && reload());
    return () => {
      offProgress();
      offStatus();
    };
  }, [api, id, reload]);

  return { run, error, eta, reload };
}
