import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../../shared/contract';
import { UserError } from '../errors/user-error';

export interface AdbTarget {
  /** The adb client binary. */
  adbPath: string;
  /** The adb server port (`adb -P`). */
  port: number;
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

const exeName = process.platform === 'win32' ? 'adb.exe' : 'adb';

/**
 * The adb client: the configured path (Settings › adbPath) when set, else `adb` on PATH, else the
 * SDK's platform-tools ($ANDROID_HOME, $ANDROID_SDK_ROOT). A configured path that is wrong is an
 * error rather than a silent fallback, so the user learns their setting is stale.
 */
export function locateAdb(settings: Pick<Settings, 'adbPath'>, env: NodeJS.ProcessEnv = process.env): string {
  if (settings.adbPath) {
    if (isExecutable(settings.adbPath)) return settings.adbPath;
    throw new UserError(
      `adb was not found at ${settings.adbPath} (Settings › adbPath)`,
      'Fix the path, or clear it to use adb from PATH: `npu-workbench settings set adbPath ""`.',
      'not_found',
    );
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) if (isExecutable(path.join(dir, exeName))) return path.join(dir, exeName);
  for (const sdk of [env.ANDROID_HOME, env.ANDROID_SDK_ROOT]) {
    if (sdk && isExecutable(path.join(sdk, 'platform-tools', exeName)))
      return path.join(sdk, 'platform-tools', exeName);
  }
  throw new UserError(
    'adb was not found on PATH, in $ANDROID_HOME/platform-tools or in Settings',
    'Install Android platform-tools (Debian/Ubuntu: `sudo apt install adb`) or set its path: ' +
      '`npu-workbench settings set adbPath /path/to/adb`.',
    'not_found',
  );
}

/**
 * The adb server port: the setting, unless it is left at adb's default and ANDROID_ADB_SERVER_PORT
 * says otherwise (the variable adb itself honours).
 */
export function adbServerPort(settings: Pick<Settings, 'adbServerPort'>, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ANDROID_ADB_SERVER_PORT);
  if (settings.adbServerPort === 5037 && Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536) return fromEnv;
  return settings.adbServerPort;
}

export function resolveAdbTarget(
  settings: Pick<Settings, 'adbPath' | 'adbServerPort'>,
  env: NodeJS.ProcessEnv = process.env,
): AdbTarget {
  return { adbPath: locateAdb(settings, env), port: adbServerPort(settings, env) };
}

/**
 * Environment for tools that run adb themselves (rknn-toolkit2 starts `adb` from PATH): the same adb
 * binary first on PATH and the same server port, so both talk to one server and never kill each other's.
 */
export function adbEnvFor(target: AdbTarget, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    PATH: [path.dirname(target.adbPath), env.PATH].filter(Boolean).join(path.delimiter),
    ANDROID_ADB_SERVER_PORT: String(target.port),
  };
}
