import { useEffect, useState } from 'react';
import { parseDocument } from 'yaml';
import { useApi } from '../../api/api-context';

export const STARTER_CONFIG = `# A run is an ordered list of stages. Press Ctrl+Space for completions.
name: first-run
target: host
backend: sim
tags: [demo]
stages:
  - kind: env-snapshot
`;

/** The config with `name` set to "<name>-copy"; comments and layout are kept. Unparseable text is returned as is. */
export function renamedCopy(configText: string, name: string): string {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return configText;
  doc.set('name', `${name}-copy`);
  return doc.toString();
}

/** The YAML being edited: a starter template, or a copy of an earlier run's config ("duplicate as new"). */
export function useConfigDraft(fromRunId: number | null): { text: string; setText(v: string): void; loading: boolean; error: unknown } {
  const api = useApi();
  const [text, setText] = useState(STARTER_CONFIG);
  const [loading, setLoading] = useState(fromRunId !== null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (fromRunId === null) return;
    let live = true;
    setLoading(true);
    api.runs
      .get({ id: fromRunId })
      .then((run) => live && setText(renamedCopy(run.configText, run.name)))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api, fromRunId]);
  return { text, setText, loading, error };
}
