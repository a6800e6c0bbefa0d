import { useEffect, useState } from 'react';
import type { EvaluationCurves, EvaluationRecord, RunDetail } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { useRefetched } from '../../api/use-refetched';

export interface CompareRun {
  run: RunDetail;
}

/** The compared runs and every AP record they hold (the ledger; search candidates left out). */
export function useCompareData(ids: number[]): {
  runs: CompareRun[] | null;
  records: EvaluationRecord[];
  error: unknown;
} {
  const api = useApi();
  const { data, error } = useRefetched(ids.length > 0 ? `compare:${ids.join(',')}` : null, async () => {
    const [runs, records] = await Promise.all([
      Promise.all(ids.map(async (id) => ({ run: await api.runs.get({ id }) }))),
      api.runs.evaluations({ ids }),
    ]);
    return { runs, records };
  });
  return { runs: data?.runs ?? null, records: data?.records ?? [], error };
}

/** Per-class AP and PR curves of the given records, fetched once each. */
export function useRecordCurves(ids: number[]): Map<number, EvaluationCurves> {
  const api = useApi();
  const [curves, setCurves] = useState(new Map<number, EvaluationCurves>());
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',').map(Number) : [];
    Promise.all(list.map((id) => api.eval.curves({ id }).catch(() => null))).then(
      (all) => live && setCurves(new Map(all.flatMap((c) => (c ? [[c.evaluationId, c] as const] : [])))),
    );
    return () => {
      live = false;
    };
  }, [api, key]);
  return curves;
}
