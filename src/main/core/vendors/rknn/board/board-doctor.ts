import type { BoardProblem, ErrorAction } from '../../../../../shared/contract';
import { OFFLINE_HINT } from '../../../board/board-error';
import type { BoardFacts } from './rknpu-probe';
import { runtimeKind, runtimeLibName } from './runtime-layout';
import { compareVersions, versionCore } from '../../../toolchains/versions';

export interface DoctorContext {
  /** Host rknn-toolkit2 version, when known. */
  toolkitVersion: string | null;
  /** What is known about the model to run: its target platform, `.rknn` file format version, and a bad magic. */
  model?: { path?: string; targetPlatform: string | null; formatVersion: number | null; badMagic?: boolean };
}

const RECOMMENDED_DRIVER = '0.9.2';
const LOW_STORAGE_MB = 512;
/** SoCs that run the same `.rknn` (the toolkit's RK3566_RK3568 target). */
const SAME_TARGET: Record<string, string> = { rk3566: 'rk3568', rk3568: 'rk3568', rk3588s: 'rk3588' };
/** Two known versions that differ; an unreadable version makes no claim. */
const differ = (a: string, b: string): boolean => (compareVersions(a, b) ?? 0) !== 0;
const sameTarget = (a: string, b: string): boolean =>
  (SAME_TARGET[a.toLowerCase()] ?? a.toLowerCase()) === (SAME_TARGET[b.toLowerCase()] ?? b.toLowerCase());

/**
 * Judges a probed board against the host toolkit and the model, and explains every mismatch with the
 * message rknn-toolkit2 or the runtime would print (reference/rknn-toolkit2.md §3), plus the fix.
 */
export function diagnoseBoard(facts: BoardFacts, context: DoctorContext): BoardProblem[] {
  const problems: BoardProblem[] = [];
  const add = (
    code: string,
    severity: BoardProblem['severity'],
    message: string,
    fix: string,
    action?: ErrorAction,
  ): void => void problems.push({ code, severity, message, fix, ...(action ? { action } : {}) });
  const fixRuntime =
    `Push the runtime matching your rknn-toolkit2 (its rknpu2/runtime folder) to ${facts.serial}: ` +
    "the workbench's runtime fix does it.";

  if (facts.state === 'unauthorized') {
    add(
      'unauthorized',
      'error',
      "adb reports the board as unauthorized: it has not accepted this computer's adb key, " +
        'so nothing can be run on it.',
      "Accept the 'Allow USB debugging?' prompt on the board's screen, then probe again.",
    );
    return problems;
  }
  if (facts.state === 'offline') {
    add(
      'offline',
      'error',
      "adb sees the board but its adbd does not answer (state 'offline').",
      OFFLINE_HINT,
      'board-connect',
    );
    return problems;
  }
  if (facts.state === 'no_permissions') {
    add(
      'no_permissions',
      'error',
      'adb has no permission to open the USB device.',
      'Add a udev rule for the board (or run adb once as root), then replug it.',
    );
    return problems;
  }
  if (facts.state !== 'device') {
    add(
      'not_ready',
      'error',
      `The board is in state '${facts.state}', not 'device'.`,
      'Boot the board normally and wait until the board list shows it as device.',
      'board-list',
    );
    return problems;
  }

  const server = facts.rknnServer;
  const runtime = facts.librknnrt;
  // RV1103/RV1106 run the mini runtime, librknnmrt.so.
  const libFile = runtimeLibName(runtimeKind(facts));
  const lib = libFile.replace(/\.so$/, '');
  const restartCommand = runtimeKind(facts) === 'mini' ? server.path : '/usr/bin/restart_rknn.sh';
  if (!server.path)
    add(
      'rknn_server_missing',
      'error',
      'rknn_server is not installed on the board, so rknn-toolkit2 cannot run models on it: ' +
        'init_runtime(target=…) fails with "E init_runtime: The rknn_server on the concected device is abnormal, ' +
        'please start the rknn_server on the device".',
      fixRuntime,
      'board-fix-runtime',
    );
  else if (!server.running)
    add(
      'rknn_server_not_running',
      'error',
      `rknn_server (${server.path}) is installed but not running: ` +
        'the toolkit would print "E RKNNAPI: rknn_init,  server connect fail!  ret = -9(ERROR_PIPE)!".',
      facts.os === 'android'
        ? "Start it: `adb shell setprop ctl.restart rknn_server` (root), or use the workbench's runtime fix, " +
            'which restarts it.'
        : `Start it: \`adb shell "nohup ${restartCommand} >/dev/null 2>&1 &"\`, ` +
            "or use the workbench's runtime fix, which restarts it.",
      'board-fix-runtime',
    );
  if (!runtime.path)
    add(
      'librknnrt_missing',
      'error',
      `${libFile} (the NPU runtime library) is not on the board, so no .rknn model can be loaded.`,
      fixRuntime,
      'board-fix-runtime',
    );

  if (server.version && runtime.version && differ(server.version, runtime.version))
    add(
      'server_runtime_mismatch',
      'error',
      `rknn_server ${server.version} and ${lib} ${runtime.version} differ; ` +
        'Rockchip requires both to be the same version as the toolkit.',
      fixRuntime,
      'board-fix-runtime',
    );

  const toolkit = context.toolkitVersion;
  if (toolkit && runtime.version) {
    const tk = versionCore(toolkit);
    const rt = versionCore(runtime.version);
    if (tk && rt && tk[0] >= 2 && rt[0] < 2)
      add(
        'runtime_too_old',
        'error',
        `${lib} ${runtime.version} on the board is older than rknn-toolkit2 ${toolkit} on this computer: ` +
          'models it builds fail to load with "E RKNN: Invalid RKNN model version 6" ' +
          'and "rknn_init, load model failed!".',
        fixRuntime,
        'board-fix-runtime',
      );
    else if (differ(toolkit, runtime.version))
      add(
        'runtime_version_mismatch',
        'warning',
        `${lib} ${runtime.version} does not match rknn-toolkit2 ${toolkit}; the runtime warns ` +
          `"W RKNN: RKNN Model version: ${toolkit} not match with rknn runtime version: ${runtime.version}" ` +
          'and results may differ.',
        fixRuntime,
        'board-fix-runtime',
      );
  }
  if (toolkit && server.version && differ(toolkit, server.version))
    add(
      'server_toolkit_mismatch',
      'error',
      `rknn_server ${server.version} does not match rknn-toolkit2 ${toolkit}: init_runtime can fail with ` +
        '"E RKNNAPI: rknn_init,  msg_ioctl_ack fail" and RKNN_ERR_DEVICE_UNAVAILABLE.',
      fixRuntime,
      'board-fix-runtime',
    );

  if (!toolkit)
    add(
      'toolkit_unknown',
      'info',
      'rknn-toolkit2 was not found with the configured Python, so the board runtime was not compared with the toolkit.',
      'Set the Python that has rknn-toolkit2 (Settings › pythonPath), or give the toolkit version to compare with.',
    );

  const model = context.model;
  if (model?.badMagic)
    add(
      'model_invalid',
      'error',
      `${model.path ?? 'The model'} is not an RKNN model: the runtime would print "parseRKNN: invalid RKNN_MAGIC!".`,
      'Export the model again with rknn.export_rknn(), and push the .rknn file itself.',
    );
  if (model?.targetPlatform && facts.soc && !sameTarget(model.targetPlatform, facts.soc))
    add(
      'model_target_mismatch',
      'error',
      `The model was built for ${model.targetPlatform} but the board is ${facts.soc}: rknn_init fails with ` +
        '"E RKNNAPI: rknn_init, msg_load_ack fail, ack = 1(ACK_FAIL), expect 0(ACK_SUCC)!" (RKNN_ERR_MODEL_INVALID).',
      `Convert again with target_platform='${facts.soc}' in rknn.config().`,
    );
  if (
    model?.formatVersion &&
    model.formatVersion >= 6 &&
    runtime.version &&
    (versionCore(runtime.version)?.[0] ?? 2) < 2 &&
    !problems.some((p) => p.code === 'runtime_too_old')
  )
    add(
      'runtime_too_old',
      'error',
      `The model uses RKNN file format ${model.formatVersion}, which ${lib} ${runtime.version} cannot read: ` +
        `"E RKNN: Invalid RKNN model version ${model.formatVersion}".`,
      fixRuntime,
      'board-fix-runtime',
    );

  if (!facts.soc)
    add(
      'soc_unknown',
      'warning',
      'The SoC could not be read from /proc/device-tree/compatible; target checks are skipped.',
      'Check that this is a Rockchip board and that /proc/device-tree is readable.',
    );
  if (!facts.npuDriver)
    add(
      'npu_driver_unknown',
      'info',
      'The NPU driver version could not be read (debugfs and dmesg need root).',
      'Run adb as root (`adb root`) to read /sys/kernel/debug/rknpu/version.',
    );
  else if ((compareVersions(facts.npuDriver, RECOMMENDED_DRIVER) ?? 0) < 0)
    add(
      'npu_driver_old',
      'warning',
      `The NPU kernel driver is ${facts.npuDriver}; ` +
        `Rockchip recommends ${RECOMMENDED_DRIVER} or later for rknn-toolkit2 2.x.`,
      'Update the board firmware/kernel (the driver cannot be pushed like the runtime).',
    );
  if (facts.storageFreeMb !== null && facts.storageFreeMb < LOW_STORAGE_MB)
    add(
      'storage_low',
      'warning',
      `Only ${facts.storageFreeMb} MB free where the toolkit dumps tensors (${facts.dumpDir}); ` +
        'accuracy_analysis(target=…) can fail when the board runs out of storage.',
      `Free space under ${facts.dumpDir?.replace(/\/dumps$/, '')} on the board.`,
    );
  return problems;
}
