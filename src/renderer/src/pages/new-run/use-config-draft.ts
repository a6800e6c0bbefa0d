import { useEffect, useState } from 'react';
import { parseDocument } from 'yaml';
import { demoRunConfig } from '../../../../shared/demo/demo-run-config';
import { useApi } from '../../api/api-context';
import { RUN_TEMPLATES } from './run-templates';

/** The template a new run starts from when none is asked for: the built-in int8 analysis runs on the demo as is. */
export const DEFAULT_TEMPLATE = 'int8';

/** A workflow template's text; the default one for a missing or unknown id. */
export function templateText(id: string | null): string {
  return (RUN_TEMPLATES.find((t) => t.id === id) ?? RUN_TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE)!).text;
}

/** The config with `name` set to "<name>-copy"; comments and layout are kept. Unparseable text is returned as is. */
export function renamedCopy(configText: string, name: string): string {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return configText;
  doc.set('name', `${name}-copy`);
  return doc.toString();
}

/**
 * The YAML being edited: a workflow template (on the demo detector's paths where it can), the demo project, or a copy
 * of an earlier run's config ("duplicate as new", whose original is kept for the diff view).
 */
export function useConfigDraft(
  fromRunId: number | null,
  template: string | null,
): { text: string; setText(v: string): void; original: string | null; loading: boolean; error: unknown } {
  const api = useApi();
  // A template is there at once; a copy of a run or the demo (whose dataset may be generated first) loads.
  const loads = fromRunId !== null || template === 'demo';
  const [text, setText] = useState(() => (loads ? '' : templateText(template)));
  const [original, setOriginal] = useState<string | null>(null);
  const [loading, setLoading] = useState(loads);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!loads) return;
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
  }, [api, fromRunId, loads]);
  return { text, setText, original, loading, error };
}
