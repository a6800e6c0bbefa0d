// monaco-editor ships this module without types; it is the worker factory monaco's own language services use.
declare module 'monaco-editor/internal/common/workers' {
  export function createWebWorker(opts: {
    moduleId: string;
    label?: string;
    createData?: unknown;
    host?: unknown;
    keepIdleModels?: boolean;
  }): unknown;
}

// monaco-editor's YAML tokenizer and language configuration, shipped without types.
declare module 'monaco-editor/languages/definitions/yaml/yaml' {
  import type { languages } from 'monaco-editor/editor/editor.api';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
