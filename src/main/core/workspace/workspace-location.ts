import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'npu-workbench';

/**
 * Electron's `app.getPath('userData')` for this app, computed without Electron so the CLI agrees with the desktop app.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

/** `--workspace` wins, then NPU_WORKBENCH_WORKSPACE, then the desktop app's default. */
export function resolveWorkspaceDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.NPU_WORKBENCH_WORKSPACE;
  return path.resolve(chosen && chosen.length > 0 ? chosen : path.join(userDataDir(env), 'workspace'));
}
