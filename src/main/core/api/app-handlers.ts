import os from 'node:os';
import type { AppInfo } from '../../../shared/contract';
import { WORKBENCH_VERSION } from '../workspace/version';
import { checkSettingsPatch } from '../workspace/settings-check';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

/** What the app is and where it works (version, mode, workspace), and the workspace's settings. */
export function createAppHandlers(deps: {
  workspace: Workspace;
  mode: AppInfo['mode'];
}): Pick<Handlers, 'app:info' | 'settings:get' | 'settings:update'> {
  const { workspace, mode } = deps;
  return {
    'app:info': () => ({
      version: WORKBENCH_VERSION,
      mode,
      workspace: workspace.dir,
      platform: `${os.platform()}-${os.arch()}`,
    }),
    'settings:get': () => workspace.settings.get(),
    'settings:update': async (patch) => (await checkSettingsPatch(patch), workspace.settings.update(patch)),
  };
}
