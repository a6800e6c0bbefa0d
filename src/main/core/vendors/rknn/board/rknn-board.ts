import type { VendorBoard } from '../../vendor-module';
import { boardReport } from './board-report';
import { fixRuntime } from './fix-runtime';
import { detectHostToolkit } from './host-toolkit';
import { locateRuntime } from './runtime-locate';

/** RKNPU2 boards: rknn_server and librknnrt against the host rknn-toolkit2, and the runtime fix from its SDK copy. */
export const rknnBoard: VendorBoard = {
  report: boardReport,
  hostToolkit: detectHostToolkit,
  fixRuntime: (adb, { serial, runtimeDir, settings, toolkit }) =>
    fixRuntime(
      adb,
      serial,
      (target) => locateRuntime({ given: runtimeDir, configured: settings.vendorRuntimeDirs, toolkit }, target),
      { toolkitVersion: toolkit?.version ?? null },
    ),
};
