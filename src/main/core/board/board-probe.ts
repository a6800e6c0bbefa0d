import path from 'node:path/posix';
import type { BoardDevice, BoardReport } from '../../../shared/contract';
import type { AdbCallOptions, AdbClient } from './adb-client';
import { BoardError } from './board-error';
import { RUNTIME_PATHS, runtimeKind, runtimeVersionLabel } from './runtime-layout';
import { shJoin, shQuote } from './shell-quote';

/** What a probe finds on the board, before the doctor judges it (reference/rknn-toolkit2.md §3). */
export type BoardFacts = Omit<BoardReport, 'problems' | 'toolkitVersion' | 'probedAt'>;

/** The board the user means: the given serial, or the only board attached. */
export async function pickDevice(adb: AdbClient, serial?: string, options?: AdbCallOptions): Promise<BoardDevice> {
  const devices = await adb.devices(options);
  if (serial) {
    const found = devices.find((d) => d.serial === serial);
    if (!found)
      throw new BoardError(
        `Board ${serial} is not connected`,
        devices.length
          ? `Connected: ${devices.map((d) => `${d.serial} (${d.state})`).join(', ')}.`
          : 'No board is attached; plug it in or `npu-workbench board connect HOST:PORT`.',
        'not_connected',
      );
    return found;
  }
  if (devices.length === 0)
    throw new BoardError(
      'No board is connected',
      'Plug the board in over USB (OTG port) or `npu-workbench board connect HOST:PORT`.',
      'no_device',
    );
  if (devices.length > 1)
    throw new BoardError(
      `${devices.length} boards are connected (${devices.map((d) => d.serial).join(', ')})`,
      'Choose the board by its serial.',
      'ambiguous',
      'serial',
    );
  return devices[0];
}

/** `strings FILE | grep`, falling back to `grep -a -o` on images without binutils (Android, minimal Debian). */
function versionCommand(file: string, label: string): string {
  const strings = `strings ${shQuote(file)} 2>/dev/null | grep -i ${shQuote(`${label} version`)}`;
  return `${strings} || grep -a -o ${shQuote(`${label} version: [^)]*)`)} ${shQuote(file)}`;
}

export function parseSoc(compatible: string): string | null {
  const entries = compatible.split(/[\0\s]+/).filter(Boolean);
  const soc = entries.map((e) => /^rockchip,(r[kv]\d{4}[a-z]?)$/.exec(e)?.[1]).find(Boolean);
  return soc ?? null;
}

export function parseNpuDriver(text: string): string | null {
  const m =
    /RKNPU driver:\s*v?(\d+\.\d+\.\d+)/i.exec(text) ??
    /Initialized rknpu\s+v?(\d+\.\d+\.\d+)/i.exec(text) ??
    /rknpu[^\n]*?\bv(\d+\.\d+\.\d+)/i.exec(text);
  return m ? m[1] : null;
}

/** `NPU load:  Core0:  3%, Core1:  0%,` or single-core `NPU load:  7%`. */
export function parseNpuLoad(text: string): number[] | null {
  const cores = [...text.matchAll(/Core\d+:\s*(\d+)%/g)].map((m) => Number(m[1]));
  if (cores.length) return cores;
  const single = /NPU load:\s*(\d+)%/.exec(text);
  return single ? [Number(single[1])] : null;
}

/** The Available column (KiB) of the last `df -k` line, in MB. */
export function parseDfFreeMb(text: string): number | null {
  const last = text.trim().split('\n').pop() ?? '';
  const cols = last.trim().split(/\s+/);
  const kb = cols.length >= 4 ? Number(cols[3]) : NaN;
  return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
}

export const parseVersionLine = (text: string, label: string): string | null =>
  new RegExp(`${label} version:\\s*(\\S+)`, 'i').exec(text)?.[1] ?? null;

/**
 * Reads the board's identity and NPU runtime state over adb shell, one short command per fact, each
 * with a timeout. A board that is not in `device` state is reported as such without shell access; a
 * board that vanishes midway raises a BoardError naming the step.
 */
export async function probeBoard(adb: AdbClient, serial?: string, options: AdbCallOptions = {}): Promise<BoardFacts> {
  const device = await pickDevice(adb, serial, options);
  const facts: BoardFacts = {
    serial: device.serial,
    state: device.state,
    soc: null,
    os: 'unknown',
    osVersion: null,
    kernel: null,
    npuDriver: null,
    librknnrt: { version: null, path: null },
    rknnServer: { version: null, path: null, running: false },
    npuLoad: null,
    dumpDir: null,
    storageFreeMb: null,
  };
  if (device.state !== 'device') return facts;
  const sh = (command: string, doing: string) => adb.shell(device.serial, command, doing, options);

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
  facts.soc = parseSoc((await sh('cat /proc/device-tree/compatible', 'reading /proc/device-tree/compatible')).stdout);
  if (!facts.soc && facts.os === 'android')
    facts.soc =
      /^(r[kv]\d{4}[a-z]?)/.exec(
        (await sh('getprop ro.board.platform', 'asking for the board platform')).stdout.trim(),
      )?.[1] ?? null;

  const driver = await sh(
    'cat /sys/kernel/debug/rknpu/version 2>/dev/null || cat /sys/kernel/debug/rknpu/driver_version 2>/dev/null || ' +
      'cat /proc/debug/rknpu/driver_version 2>/dev/null || dmesg 2>/dev/null | grep -i rknpu',
    'reading the NPU driver version',
  );
  facts.npuDriver = parseNpuDriver(driver.stdout);

  const paths = RUNTIME_PATHS[runtimeKind(facts)];
  const present = (
    await sh(
      `ls -d ${shJoin([...paths.server, ...paths.lib, '/userdata'])} 2>/dev/null`,
      'looking for rknn_server and librknnrt.so',
    )
  ).stdout
    .split('\n')
    .map((l) => l.trim());
  facts.rknnServer.path = paths.server.find((p) => present.includes(p)) ?? null;
  facts.librknnrt.path = paths.lib.find((p) => present.includes(p)) ?? null;
  if (facts.librknnrt.path) {
    const label = runtimeVersionLabel(facts.librknnrt.path);
    facts.librknnrt.version = parseVersionLine(
      (
        await sh(
          versionCommand(facts.librknnrt.path, label),
          `reading the ${path.basename(facts.librknnrt.path)} version`,
        )
      ).stdout,
      label,
    );
  }
  if (facts.rknnServer.path)
    facts.rknnServer.version = parseVersionLine(
      (await sh(versionCommand(facts.rknnServer.path, 'rknn_server'), 'reading the rknn_server version')).stdout,
      'rknn_server',
    );
  const running = await sh(
    'pidof rknn_server || ps -ef 2>/dev/null | grep -v grep | grep rknn_server',
    'checking whether rknn_server runs',
  );
  facts.rknnServer.running = running.exitCode === 0 && running.stdout.trim() !== '';

  facts.npuLoad = parseNpuLoad(
    (await sh('cat /sys/kernel/debug/rknpu/load 2>/dev/null', 'reading the NPU load')).stdout,
  );
  // The toolkit dumps per-layer tensors to /userdata/dumps, else /tmp/dumps (accuracy_analysis with target).
  const dumpRoot = present.includes('/userdata') ? '/userdata' : facts.os === 'android' ? '/data' : '/tmp';
  facts.dumpDir = `${dumpRoot}/dumps`;
  facts.storageFreeMb = parseDfFreeMb(
    (await sh(`df -k ${shQuote(dumpRoot)}`, `checking free space in ${dumpRoot}`)).stdout,
  );
  return facts;
}
