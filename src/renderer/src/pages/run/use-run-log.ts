import { useEffect, useState } from 'react';
import type { LogLine } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { LogMerge } from './log-merge';

const MAX_LINES = 50_000;

/** A run's log: the stored tail, merged with the lines run:log events stream in (LogMerge). */
export function useRunLog(id: number, reloadKey: string): { lines: LogLine[]; error: unknown } {
  const api = useApi();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    let buffered: LogLine[] = [];
    let loaded = false;
    let flush: ReturnType<typeof setTimeout> | undefined;
    const merge = new LogMerge();
    const flushNow = () => {
      flush = undefined;
      if (!loaded || !live) return; // kept until the stored tail is in
      const add = merge.newer(buffered);
      buffered = [];
      if (add.length) setLines((prev) => [...prev, ...add].slice(-MAX_LINES));
    };
    const off = api.events.onRunLog((l) => {
      if (l.runId !== id) return;
      buffered.push({ stageIndex: l.stageIndex, seq: l.seq, stream: l.stream, text: l.text });
      // Batch bursts (a chatty toolchain prints thousands of lines) into one render per 100 ms.
      flush ??= setTimeout(flushNow, 100);
    });
    api.runs.log({ id, tail: MAX_LINES }).then(
      (stored) => {
        if (!live) return;
        loaded = true;
        setLines(merge.newer(stored));
        // Lines streamed while it loaded: those the file already held are dropped by seq, the rest follow.
        clearTimeout(flush);
        flushNow();
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
