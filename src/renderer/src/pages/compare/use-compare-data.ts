import { useEffect, useState } from 'react';
import type { RunDetail } from '../../../../shared/contract';
import type { PrCurvesData } from '../../../../shared/contract/eval-contract';
import { useApi } from '../../api/api-context';

export interface CompareRun {
  run: RunDetail;
  pr: PrCurvesData | null;
}

/** The compared runs with their PR curves (absent for runs without an evaluation). */
export function useCompareData(ids: number[]): { runs: CompareRun[] | null; error: unknown } {
  const api = useApi();
  const [runs, setRuns] = useState<CompareRun[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    setRuns(null);
    setError(null);
    const list = key ? key.split(',').map(Number) : [];
    Promise.all(
      list.map(async (id) => ({
        run: await api.runs.get({ id }),
        pr: await api.eval.prCurves({ id }).catch(() => null),
      })),
    )
      .then((r) => live && setRuns(r))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, key]);
  return { runs, error };
}

/** AP and latency of a run, from whichever stage measured them (eval, vendor eval, board benchmark). */
export function apOf(run: RunDetail): number | undefined {
  return run.metrics.map ?? Object.entries(run.metrics).find(([k]) => k.endsWith('.map'))?.[1];
}

export function latencyOf(run: RunDetail): { value: number; key: string } | undefined {
  for (const key of ['board.latency_ms', 'board.benchmark_ms', 'latency_ms', 'ms_per_image'])
    if (run.metrics[key] !== undefined) return { value: run.metrics[key], key };
  return undefined;
}
