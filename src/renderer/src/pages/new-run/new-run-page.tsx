import { Suspense, useEffect, useRef, useState } from 'react';
import type { ConfigCheck } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { href, navigate } from '../../routing/router';
import { DEFAULT_TEMPLATE, useConfigDraft } from './use-config-draft';
import { RUN_TEMPLATES } from './run-templates';
import { ConfigIssues } from './config-issues';
import { RunBasicsForm } from './run-basics-form';
import { ConfigDiffEditor, YamlEditor } from '../../shell/heavy-parts';

/** Edit a run's YAML (validated by main with line numbers), then launch it and land on its live view. */
export function NewRunPage(props: {
  theme: 'light' | 'dark';
  fromRunId: number | null;
  template: string | null;
}): React.JSX.Element {
  const api = useApi();
  const draft = useConfigDraft(props.fromRunId, props.template);
  const [showDiff, setShowDiff] = useState(false);
  const [checked, setChecked] = useState<{ text: string; result: ConfigCheck } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const checkSeq = useRef(0);
  const [schema, setSchema] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    api.config.schema().then(setSchema, setError);
  }, [api]);

  /** `files`: also check that the files and folders the stages name exist (Check and Launch; not while typing). */
  const validate = async (text: string, files = true): Promise<ConfigCheck | null> => {
    const seq = ++checkSeq.current;
    try {
      const result = await api.config.check({ configText: text, files });
      if (seq === checkSeq.current) setChecked({ text, result });
      return result;
    } catch (e) {
      setError(e);
      return null;
    }
  };

  // Main's issues belong to the text it checked: once the text changes they are stale (monaco-yaml keeps validating
  // live).
  const check = checked?.text === draft.text ? checked.result : null;
  // Main checks as you type (a pause of 400 ms), so problems show in plain words before Check or Launch.
  const { text, loading } = draft;
  useEffect(() => {
    if (loading) return;
    const t = setTimeout(() => void validate(text, false), 400);
    return () => clearTimeout(t);
    // validate only reads refs and setters, so text and loading are all this depends on.
  }, [text, loading]);

  const launch = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await validate(draft.text);
      if (!result?.ok) return;
      const run = await api.runs.create({
        configText: draft.text,
        start: true,
        parentRunId: props.fromRunId ?? undefined,
      });
      navigate(href('run', run.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page fill new-run-page">
      <PageHeader
        title="New run"
        subtitle={
          props.fromRunId
            ? `Starting from run #${props.fromRunId}'s config`
            : props.template === 'demo'
              ? 'The demo project: evaluate and analyse the bundled detector. Launch it as your baseline.'
              : 'Describe the pipeline in YAML: model, dataset, target, backend and stages.'
        }
      >
        {props.fromRunId === null && (
          <label className="filter">
            Template
            <select
              value={props.template ?? DEFAULT_TEMPLATE}
              onChange={(e) => navigate(href('new', null, { template: e.target.value }))}
            >
              {props.template === 'demo' && <option value="demo">Demo baseline run</option>}
              {RUN_TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {draft.original !== null && (
          <button type="button" aria-pressed={showDiff} onClick={() => setShowDiff(!showDiff)}>
            {showDiff ? 'Back to editing' : `Diff against #${props.fromRunId}`}
          </button>
        )}
        <button type="button" onClick={() => void validate(draft.text)} disabled={busy}>
          Check
        </button>
        <button type="button" className="primary" onClick={() => void launch()} disabled={busy || draft.loading}>
          {busy ? 'Launching…' : 'Launch run'}
        </button>
      </PageHeader>
      <ErrorBanner error={error ?? draft.error} onDismiss={() => setError(null)} />
      {!draft.loading && !showDiff && <RunBasicsForm text={draft.text} onChange={draft.setText} />}
      <div className="editor-frame" aria-busy={draft.loading}>
        <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
          {!draft.loading &&
            (showDiff && draft.original !== null ? (
              <ConfigDiffEditor left={draft.original} right={draft.text} theme={props.theme} />
            ) : (
              <YamlEditor
                value={draft.text}
                onChange={draft.setText}
                theme={props.theme}
                ariaLabel="Run configuration (YAML)"
                issues={check?.issues ?? []}
                schema={schema}
              />
            ))}
        </Suspense>
      </div>
      <ConfigIssues check={check} />
    </div>
  );
}
