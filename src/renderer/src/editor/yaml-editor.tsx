import { issueLocation } from './issue-location';
import Editor from '@monaco-editor/react';
import { useEffect, useState } from 'react';
import type { ValidationIssue } from '../../../shared/contract';
import { monaco, setRunConfigSchema } from './monaco-setup';

export interface YamlEditorProps {
  value: string;
  onChange(value: string): void;
  theme: 'light' | 'dark';
  ariaLabel: string;
  path?: string;
  /** Issues main reported (config:check), drawn as squiggles on their lines. */
  issues?: ValidationIssue[];
  /** JSON Schema for monaco-yaml (completions, hovers, live validation). */
  schema?: Record<string, unknown> | null;
}

/** The run YAML in Monaco, bundled locally (see monaco-setup.ts). */
export default function YamlEditor(props: YamlEditorProps): React.JSX.Element {
  const [model, setModel] = useState<monaco.editor.ITextModel | null>(null);
  useEffect(() => {
    if (props.schema) setRunConfigSchema(props.schema);
  }, [props.schema]);
  useEffect(() => {
    if (!model || model.isDisposed()) return;
    const markers = (props.issues ?? []).map((issue) => {
      const line = Math.min(Math.max(issue.line ?? 1, 1), model.getLineCount());
      return {
        severity: monaco.MarkerSeverity.Error,
        message: issue.path ? `${issueLocation(issue.path)}: ${issue.message}` : issue.message,
        startLineNumber: line,
        endLineNumber: line,
        startColumn: 1,
        endColumn: model.getLineMaxColumn(line),
      };
    });
    monaco.editor.setModelMarkers(model, 'workbench', markers);
  }, [model, props.issues]);
  return (
    <Editor
      language="yaml"
      path={props.path ?? 'file:///run-config.yaml'}
      value={props.value}
      theme={props.theme === 'dark' ? 'vs-dark' : 'vs'}
      onChange={(v) => props.onChange(v ?? '')}
      onMount={(editor) => setModel(editor.getModel() as monaco.editor.ITextModel | null)}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        scrollBeyondLastLine: false,
        tabSize: 2,
        ariaLabel: props.ariaLabel,
        automaticLayout: true,
      }}
      loading={<div className="editor-loading">Loading editor…</div>}
    />
  );
}
