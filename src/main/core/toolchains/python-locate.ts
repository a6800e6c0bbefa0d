import type { Settings } from '../../../shared/contract';

/** The interpreter drivers run with: the configured one, else NPU_WORKBENCH_PYTHON, else `python3` on PATH. */
export function resolvePython(settings: Pick<Settings, 'pythonPath'>, env: NodeJS.ProcessEnv = process.env): string {
  if (settings.pythonPath) return settings.pythonPath;
  if (env.NPU_WORKBENCH_PYTHON) return env.NPU_WORKBENCH_PYTHON;
  return 'python3';
}
