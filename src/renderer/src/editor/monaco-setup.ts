import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { createWebWorker } from 'monaco-editor/internal/common/workers';
import { configureMonacoYaml, type MonacoYaml } from 'monaco-yaml';
import YamlWorker from './yaml.worker?worker';
import { registerYaml } from './yaml-language';

/**
 * Monaco bundled with the app: the editor core, its standard features and YAML (monaco-yaml) only (no
 * TypeScript/CSS/HTML
 * language services, which would add ~15 MB of workers we never use). Workers are built by Vite and served
 * from 'self', which the CSP allows; nothing is fetched from a CDN.
 */
self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

registerYaml();
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });

let yaml: MonacoYaml | null = null;

/** Validation, completions and hovers for run YAML from the JSON Schema main builds (config:schema). */
export function setRunConfigSchema(schema: Record<string, unknown>): void {
  const schemas = [
    { uri: 'workbench://schemas/run-config.json', fileMatch: ['**/run-config.yaml'], schema: schema as never },
  ];
  if (yaml) yaml.update({ schemas });
  // monaco-yaml's worker manager still calls the pre-0.56 editor.createWebWorker({moduleId, label, createData});
  // monaco's internal createWebWorker keeps that signature (it creates the worker via MonacoEnvironment.getWorker
  // and sends createData the way monaco's own JSON worker expects).
  else
    yaml = configureMonacoYaml({ ...monaco, editor: { ...monaco.editor, createWebWorker } } as never, {
      enableSchemaRequest: false,
      schemas,
    });
}

export { monaco };
