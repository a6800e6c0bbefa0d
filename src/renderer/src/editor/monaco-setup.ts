import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

/**
 * Monaco bundled with the app: the editor core, its standard features and YAML only (no TypeScript/CSS/HTML
 * language services, which would add ~15 MB of workers we never use). Workers are built by Vite and served
 * from 'self', which the CSP allows; nothing is fetched from a CDN.
 */
self.MonacoEnvironment = {
  getWorker(_moduleId: string, _label: string): Worker {
    return new EditorWorker();
  },
};

loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });

export { monaco };
