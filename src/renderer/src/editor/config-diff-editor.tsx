import { DiffEditor } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { type monaco } from './monaco-setup';

/** Two run configs in Monaco's side-by-side diff (read-only). */
export default function ConfigDiffEditor(props: {
  left: string;
  right: string;
  theme: 'light' | 'dark';
}): React.JSX.Element {
  const models = useRef<monaco.editor.ITextModel[]>([]);
  // @monaco-editor/react disposes the models before resetting the diff widget on unmount, which Monaco reports
  // as an error; keep them through the unmount and dispose them afterwards.
  useEffect(
    () => () => {
      const owned = models.current;
      setTimeout(() => owned.forEach((m) => m.dispose()), 0);
    },
    [],
  );
  return (
    <DiffEditor
      original={props.left}
      modified={props.right}
      language="yaml"
      theme={props.theme === 'dark' ? 'vs-dark' : 'vs'}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(editor) => {
        const { original, modified } = editor.getModel()!;
        models.current = [original, modified] as monaco.editor.ITextModel[];
      }}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        minimap: { enabled: false },
        fontSize: 13,
        scrollBeyondLastLine: false,
        automaticLayout: true,
      }}
      loading={<div className="editor-loading">Loading diff…</div>}
    />
  );
}
