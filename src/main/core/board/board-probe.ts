import type { BoardDevice, BoardState } from '../../../shared/contract';
import type { AdbCallOptions, AdbClient, ShellResult } from './adb-client';
import { BoardError, NO_BOARD_HINT } from './board-error';

/** What any board says about itself over adb, before a vendor looks for its NPU runtime. */
export interface DeviceFacts {
  serial: string;
  state: BoardState;
  os: 'linux' | 'android' | 'unknown';
  osVersion: string | null;
  kernel: string | null;
  /** The CPU ABI: Android `ro.product.cpu.abi` (arm64-v8a, armeabi-v7a), Linux `uname -m` (aarch64, armv7l). */
  abi: string | null;
  /** `/proc/device-tree/compatible`, most specific first, e.g. `['radxa,rock-5b', 'rockchip,rk3588']`. */
  compatible: string[];
}

/** A shell on one board: each command says what it is doing, for the error when the board stops answering. */
export type BoardShell = (command: string, doing: string) => Promise<ShellResult>;

/** The board the user means: the given serial, or the only board attached. */
export async function pickDevice(adb: AdbClient, serial?: string, options?: AdbCallOptions): Promise<BoardDevice> {
  const devices = await adb.devices(options);
  if (serial) {
    const found = devices.find((d) => d.serial === serial);
    if (!found)
      throw new BoardError(
        `Board ${serial} is not connected`,
        devices.length ? `Connected: ${devices.map((d) => `${d.serial} (${d.state})`).join(', ')}.` : NO_BOARD_HINT,
        'not_connected',
        undefined,
        devices.length ? undefined : 'board-connect',
      );
    return found;
  }
  if (devices.length === 0)
    throw new BoardError('No board is connected', NO_BOARD_HINT, 'no_device', undefined, 'board-connect');
  if (devices.length > 1)
    throw new BoardError(
      `${devices.length} boards are connected (${devices.map((d) => d.serial).join(', ')})`,
      'Choose the board by its serial.',
      'ambiguous',
      'serial',
    );
  return devices[0];
}

/** `/proc/device-tree/compatible` (NUL-separated) as its list of entries. */
export const parseCompatible = (text: string): string[] => text.split(/[\0\s]+/).filter(Boolean);

/** The Available column (KiB) of the last `df -k` line, in MB. */
export function parseDfFreeMb(text: string): number | null {
  const last = text.trim().split('\n').pop() ?? '';
  const cols = last.trim().split(/\s+/);
  const kb = cols.length >= 4 ? Number(cols[3]) : NaN;
  return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
}

/**
 * Reads the board's identity over adb shell, one short command per fact. A board that is not in `device`
 * state is reported as such without shell access (`sh` is then null); a board that vanishes midway raises a
 * BoardError naming the step.
 */
export async function probeDevice(
  adb: AdbClient,
  serial?: string,
  options: AdbCallOptions = {},
): Promise<{ facts: DeviceFacts; sh: BoardShell | null }> {
  const device = await pickDevice(adb, serial, options);
  const facts: DeviceFacts = {
    serial: device.serial,
    state: device.state,
    os: 'unknown',
    osVersion: null,
    kernel: null,
    abi: null,
    compatible: [],
  };
  if (device.state !== 'device') return { facts, sh: null };
  const sh: BoardShell = (command, doing) => adb.shell(device.serial, command, doing, options);

  const android = await sh('getprop ro.build.version.release', 'asking for the Android version');
  if (android.exitCode === 0 && /^\d/.test(android.stdout.trim())) {
    facts.os = 'android';
    facts.osVersion = `Android ${android.stdout.trim()}`;
  } else {
    facts.os = 'linux';
    const release = await sh('cat /etc/os-release 2>/dev/null', 'reading /etc/os-release');
    facts.osVersion = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release.stdout)?.[1] ?? null;
  }
  facts.kernel = (await sh('uname -r', 'reading the kernel version')).stdout.trim() || null;
  facts.abi =
    (
      await (facts.os === 'android'
        ? sh('getprop ro.product.cpu.abi', 'asking for the CPU ABI')
        : sh('uname -m', 'reading the CPU architecture'))
    ).stdout.trim() || null;
  facts.compatible = parseCompatible(
    (await sh('cat /proc/device-tree/compatible', 'reading /proc/device-tree/compatible')).stdout,
  );
  return { facts, sh };
}
