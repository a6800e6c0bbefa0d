import type { Settings, SettingsPatch } from '../../../shared/contract';
import { AdbClient } from '../board/adb-client';
import { resolveAdbTarget } from '../board/adb-locate';
import { type DeviceTracker, trackDevices } from '../board/device-tracker';
import { resolvePython } from '../toolchains/python-locate';
import { boardVendor, type HostToolkit } from '../vendors';
import type { EventBus } from '../events/event-bus';
import type { Handlers } from './dispatch';

export interface BoardHandlerDeps {
  settings: () => Settings;
  /** Stores a settings change (the runtime folder the user chose is remembered). */
  updateSettings: (patch: SettingsPatch) => unknown;
  bus: EventBus;
}

const TOOLKIT_CACHE_MS = 60_000;

type BoardChannels =
  | 'board:list'
  | 'board:connect'
  | 'board:disconnect'
  | 'board:watch'
  | 'board:probe'
  | 'board:fixRuntime'
  | 'board:push';

/**
 * The Board panel and `npu-workbench board …`: adb from Settings (adbPath, adbServerPort), runtime folders from
 * vendorRuntimeDirs (a folder the user chose for a fix that worked joins them).
 */
export function createBoardHandlers(deps: BoardHandlerDeps): Pick<Handlers, BoardChannels> {
  const adb = (): AdbClient => new AdbClient(resolveAdbTarget(deps.settings()));
  let tracker: DeviceTracker | null = null;
  // Importing rknn.api takes seconds, so the detected toolkit is kept for a minute per interpreter.
  const detected = new Map<string, { at: number; toolkit: Promise<HostToolkit | null> }>();
  const hostToolkit = (): Promise<HostToolkit | null> => {
    const settings = deps.settings();
    const key = resolvePython(settings);
    const hit = detected.get(key);
    if (hit && Date.now() - hit.at < TOOLKIT_CACHE_MS) return hit.toolkit;
    const toolkit = boardVendor().hostToolkit(settings);
    detected.set(key, { at: Date.now(), toolkit });
    return toolkit;
  };
  const toolkitVersion = async (given: string | null | undefined): Promise<string | null> =>
    given !== undefined ? given : ((await hostToolkit())?.version ?? null);

  return {
    'board:list': async () => {
      const client = adb();
      return { adbPath: client.target.adbPath, serverPort: client.target.port, devices: await client.devices() };
    },
    'board:connect': async ({ address }) => {
      const client = adb();
      const outcome = await client.connect(address);
      // A failed `adb connect` can leave the address listed as "offline" (a ghost with nothing to act on): drop it.
      if (!outcome.connected) {
        await client.disconnect(address).catch(() => undefined);
        deps.bus.emit('board:devices', { devices: await client.devices().catch(() => []) });
        return { ...outcome, device: null };
      }
      const devices = await client.devices();
      deps.bus.emit('board:devices', { devices });
      return {
        ...outcome,
        device: devices.find((d) => d.serial === address || d.serial === `${address}:5555`) ?? null,
      };
    },
    'board:disconnect': async ({ address }) => ({ message: await adb().disconnect(address) }),
    'board:watch': ({ enabled }) => {
      if (enabled && !tracker) {
        tracker = trackDevices(adb(), (devices) => deps.bus.emit('board:devices', { devices }));
      } else if (!enabled && tracker) {
        tracker.stop();
        tracker = null;
      }
      return { watching: tracker !== null };
    },
    'board:probe': async (input) =>
      boardVendor().report(adb(), input?.serial, {
        toolkitVersion: await toolkitVersion(input?.toolkitVersion),
        modelPath: input?.modelPath,
        targetPlatform: input?.targetPlatform,
      }),
    'board:fixRuntime': async ({ serial, runtimeDir }) => {
      const settings = deps.settings();
      const fixed = await boardVendor().fixRuntime(adb(), {
        serial,
        runtimeDir,
        settings,
        toolkit: await hostToolkit(),
      });
      // A folder the user chose is remembered (as resolved: `~/…` typed in the browser becomes the full path).
      if (runtimeDir && !settings.vendorRuntimeDirs.includes(fixed.runtimeDir))
        deps.updateSettings({ vendorRuntimeDirs: [fixed.runtimeDir, ...settings.vendorRuntimeDirs].slice(0, 32) });
      return fixed;
    },
    'board:push': async ({ serial, localPath, remotePath }) => ({
      remotePath,
      ...(await adb().push(serial, localPath, remotePath)),
    }),
  };
}
