import os from 'node:os';
import type { AppInfo } from '../../../shared/contract';
import { WORKBENCH_VERSION } from '../workspace/version';
import { checkSettingsPatch } from '../workspace/settings-check';
import { UserError } from '../errors/user-error';
import type { Workspace } from '../workspace/workspace';
import type { Handlers } from './dispatch';

/** What only the desktop shell can do for core (it imports electron; core never does). */
export interface WorkbenchShell {
  /** The OS folder picker; null when the user cancels. */
  pickFolder?(request: { title: string; defaultPath?: string }): Promise<string | null>;
}

/** What the app is and where it works (version, mode, workspace), and the workspace's settings. */
export function createAppHandlers(deps: {
  workspace: Workspace;
  mode: AppInfo['mode'];
  shell?: WorkbenchShell;
}): Pick<Handlers, 'app:info' | 'app:pickFolder' | 'settings:get' | 'settings:update'> {
  const { workspace, mode, shell } = deps;
  return {
    'app:info': () => ({
      version: WORKBENCH_VERSION,
      mode,
      workspace: workspace.dir,
      platform: `${os.platform()}-${os.arch()}`,
    }),
    'app:pickFolder': async (request) => {
      if (!shell?.pickFolder)
        throw new UserError(
          'There is no folder picker in browser mode',
          'Type the folder path instead.',
          'invalid_input',
        );
      return { path: await shell.pickFolder(request) };
    },
    'settings:get': () => workspace.settings.get(),
    'settings:update': async (patch) => (await checkSettingsPatch(patch), workspace.settings.update(patch)),
  };
}
