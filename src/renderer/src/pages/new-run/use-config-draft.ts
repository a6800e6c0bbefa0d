import { useEffect, useState } from 'react';
import { parseDocument } from 'yaml';
import { demoRunConfig } from '../../../../shared/demo/demo-run-config';
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

/**
 * The YAML being edited: a starter template, the demo project, or a copy of an earlier run's config
 * ("duplicate as new", whose original is kept for the diff view).
 */
export function useConfigDraft(
  fromRunId: number | null,
  template: string | null,
): { text: string; setText(v: string): void; original: string | null; loading: boolean; error: unknown } {
  const api = useApi();
  const [text, setText] = useState(STARTER_CONFIG);
  const [original, setOriginal] = useState<string | null>(null);
  const [loading, setLoading] = useState(fromRunId !== null || template === 'demo');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (fromRunId === null && template !== 'demo') return;
    let live = true;
    setLoading(true);
    const load =
      fromRunId !== null
        ? api.runs.get({ id: fromRunId }).then((run) => {
            if (!live) return;
            setOriginal(run.configText);
            setText(renamedCopy(run.configText, run.name));
          })
        : api.eval.demo().then((demo) => live && setText(demoRunConfig(demo)));
    load.catch((e: unknown) => live && setError(e)).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api, fromRunId, template]);
  return { text, setText, original, loading, error };
}
