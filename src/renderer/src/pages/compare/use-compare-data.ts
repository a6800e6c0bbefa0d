import { useEffect, useState } from 'react';
import type { EvaluationCurves, EvaluationRecord, RunDetail } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';

export interface CompareRun {
  run: RunDetail;
}

interface CompareData {
  runs: CompareRun[];
  records: EvaluationRecord[];
}

/** The last comparison of this session: a revisit shows it at once while it is fetched again (runs may change). */
let last: { key: string; data: CompareData } | null = null;
const lastFor = (key: string): CompareData | null => (last?.key === key ? last.data : null);

/** The compared runs and every AP record they hold (the ledger; search candidates left out). */
export function useCompareData(ids: number[]): {
  runs: CompareRun[] | null;
  records: EvaluationRecord[];
  error: unknown;
} {
  const api = useApi();
  const key = ids.join(',');
  const [data, setData] = useState<CompareData | null>(() => lastFor(key));
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setData(lastFor(key));
    setError(null);
    const list = key ? key.split(',').map(Number) : [];
    if (list.length === 0) return;
    Promise.all([
      Promise.all(list.map(async (id) => ({ run: await api.runs.get({ id }) }))),
      api.runs.evaluations({ ids: list }),
    ])
      .then(([runs, records]) => {
        if (!live) return;
        last = { key, data: { runs, records } };
        setData(last.data);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, key]);
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
