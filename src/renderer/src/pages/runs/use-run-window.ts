import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunQuery, RunSummary } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';

const PAGE = 200;

export interface RunWindow {
  total: number | null;
  /** The run at a row index, or undefined while its page is loading. */
  rowAt(index: number): RunSummary | undefined;
  /** Called by the virtualized table with the rows on screen; fetches pages not loaded yet. */
  ensure(start: number, end: number): void;
  error: unknown;
  version: number;
}

/**
 * The runs matching a query, fetched a page at a time as the table scrolls, so 10,000 runs cost only the
 * rows on screen. Any runs:changed event drops the cache and refetches what is visible.
 */
export function useRunWindow(query: RunQuery): RunWindow {
  const api = useApi();
  const pages = useRef(new Map<number, RunSummary[]>());
  const pending = useRef(new Set<number>());
  const visible = useRef<[number, number]>([0, PAGE]);
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      const gen = generation.current;
      pending.current.add(page);
      api.runs
        .list({ ...(JSON.parse(key) as RunQuery), offset: page * PAGE, limit: PAGE })
        .then((res) => {
          if (gen !== generation.current) return;
          pages.current.set(page, res.rows);
          setTotal(res.total);
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((e: unknown) => gen === generation.current && setError(e))
        .finally(() => pending.current.delete(page));
    },
    [api, key],
  );

  const ensure = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      for (let p = Math.floor(start / PAGE); p <= Math.floor(Math.max(start, end) / PAGE); p++) fetchPage(p);
    },
    [fetchPage],
  );

  const reset = useCallback(() => {
    generation.current++;
    pages.current = new Map();
    pending.current = new Set();
    ensure(...visible.current);
  }, [ensure]);

  useEffect(() => {
    setTotal(null);
    reset();
  }, [reset]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Progress of a running job fires runs:changed often; coalesce refetches.
    const off = api.events.onRunsChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(reset, 150);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api, reset]);

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE], []);
  return { total, rowAt, ensure, error, version };
}
