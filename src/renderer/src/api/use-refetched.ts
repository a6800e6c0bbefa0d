import { useEffect, useState } from 'react';

/** The last results of this session by key (a few screens' worth), newest last. */
const kept = new Map<string, unknown>();
const KEEP = 16;

/**
 * Data a screen loads on every visit, shown at once on a revisit: the session's last result for `key` renders in the
 * first frame while `load` runs again (runs can be renamed or finish meanwhile) and replaces it. `key` names what
 * `load` fetches (a screen prefix and its ids), so a new key means a new load; null loads nothing.
 */
export function useRefetched<T>(key: string | null, load: () => Promise<T>): { data: T | null; error: unknown } {
  const keptFor = (k: string | null): T | null => (k === null ? null : ((kept.get(k) as T | undefined) ?? null));
  const [state, setState] = useState<{ data: T | null; error: unknown }>(() => ({ data: keptFor(key), error: null }));
  useEffect(() => {
    setState({ data: keptFor(key), error: null });
    if (key === null) return;
    let live = true;
    load().then(
      (data) => {
        kept.delete(key);
        kept.set(key, data);
        if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
        if (live) setState({ data, error: null });
      },
      (error: unknown) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
    // `key` names what `load` fetches; a new closure for the same key is the same load.
  }, [key]);
  return state;
}
