import { UserError } from '../../../errors/user-error';
import type { VendorBoard } from '../../vendor-module';
import { boardReport } from './board-report';
import { fixRuntime } from './fix-runtime';
import { detectHostToolkitVersion } from './host-toolkit';
import { pickRuntimeDir } from './runtime-files';

/** RKNPU2 boards: rknn_server and librknnrt against the host rknn-toolkit2, and the runtime fix from its SDK copy. */
export const rknnBoard: VendorBoard = {
  report: boardReport,
  hostToolkitVersion: detectHostToolkitVersion,
  async fixRuntime(adb, { serial, runtimeDir, settings, toolkitVersion }) {
    const configured = settings.vendorRuntimeDirs;
    const dir = runtimeDir ?? (await pickRuntimeDir(configured));
    if (!dir) {
      throw new UserError(
        configured.length
          ? `None of Settings › vendorRuntimeDirs (${configured.join(', ')}) holds an rknn_server`
          : 'No runtime folder given',
        'Pick the rknn-toolkit2 rknpu2/runtime folder (or add it to Settings › vendorRuntimeDirs).',
        'invalid_input',
      );
    }
    return fixRuntime(adb, serial, dir, { toolkitVersion });
  },
};
