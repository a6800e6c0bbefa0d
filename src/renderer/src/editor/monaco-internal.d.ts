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
