import type { WorkbenchApi } from '../../shared/contract';
import { createWorkbenchCore, type WorkbenchCore } from '../core/api/workbench-service';
import { resolveWorkspaceDir } from '../core/workspace/workspace-location';
import { openWorkspace } from '../core/workspace/workspace';

export interface GlobalOptions {
  workspace?: string;
  debug?: boolean;
}

/** Opens the workspace a command works on (`--workspace`, NPU_WORKBENCH_WORKSPACE, else the desktop app's). */
export function openCliCore(options: GlobalOptions, mode: 'browser' | 'electron' = 'browser'): WorkbenchCore {
  return createWorkbenchCore(openWorkspace(resolveWorkspaceDir(options.workspace)), mode);
}

/**
 * Runs `body` with the typed contract client over an open core (the same calls the UI makes) and always closes the
 * core, so the DB is checkpointed on every exit path.
 */
export async function withApi<T>(options: GlobalOptions, body: (api: WorkbenchApi) => Promise<T> | T): Promise<T> {
  const core = openCliCore(options);
  try {
    return await body(core.api);
  } finally {
    await core.close();
  }
}
