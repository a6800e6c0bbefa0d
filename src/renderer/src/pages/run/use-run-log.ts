import { useEffect, useState } from 'react';
import type { LogLine } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';

const MAX_LINES = 50_000;

/** A run's log: the stored tail first, then the lines run:log events stream in. */
export function useRunLog(id: number, reloadKey: string): { lines: LogLine[]; error: unknown } {
  const api = useApi();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    let buffered: LogLine[] = [];
    let loaded = false;
    let flush: ReturnType<typeof setTimeout> | undefined;
    const off = api.events.onRunLog((l) => {
      if (l.runId !== id) return;
      buffered.push({ stageIndex: l.stageIndex, stream: l.stream, text: l.text });
      // Batch bursts (a chatty toolchain prints thousands of lines) into one render per 100 ms.
      flush ??= setTimeout(() => {
        flush = undefined;
        if (!loaded || !live) return;
        const add = buffered;
        buffered = [];
        setLines((prev) => [...prev, ...add].slice(-MAX_LINES));
      }, 100);
    });
    api.runs.log({ id, tail: MAX_LINES }).then(
      (stored) => {
        if (!live) return;
        loaded = true;
        // Lines streamed while the stored tail was loading are already in the log file it came from.
        buffered = [];
        setLines(stored);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
      clearTimeout(flush);
      off();
    };
  }, [api, id, reloadKey]);
  return { lines, error };
}
