import path from 'node:path/posix';
import type { BoardReport } from '../../../../../shared/contract';
import type { AdbCallOptions, AdbClient } from '../../../board/adb-client';
import { parseDfFreeMb, probeDevice } from '../../../board/board-probe';
import { shJoin, shQuote } from '../../../board/shell-quote';
import { RUNTIME_PATHS, runtimeKind, runtimeVersionLabel } from './runtime-layout';

/** What a probe finds on the board, before the doctor judges it (reference/rknn-toolkit2.md §3). */
export type BoardFacts = Omit<BoardReport, 'problems' | 'toolkitVersion' | 'probedAt'>;

/** `strings FILE | grep`, falling back to `grep -a -o` on images without binutils (Android, minimal Debian). */
function versionCommand(file: string, label: string): string {
  const strings = `strings ${shQuote(file)} 2>/dev/null | grep -i ${shQuote(`${label} version`)}`;
  return `${strings} || grep -a -o ${shQuote(`${label} version: [^)]*)`)} ${shQuote(file)}`;
}

/** The Rockchip SoC in the device-tree compatible list (`rockchip,rk3588`). */
export function parseSoc(compatible: readonly string[]): string | null {
  const soc = compatible.map((e) => /^rockchip,(r[kv]\d{4}[a-z]?)$/.exec(e)?.[1]).find(Boolean);
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

export const parseVersionLine = (text: string, label: string): string | null =>
  new RegExp(`${label} version:\\s*(\\S+)`, 'i').exec(text)?.[1] ?? null;

/**
 * The board's identity (the vendor-neutral probe) plus its RKNPU2 state: SoC, NPU driver, rknn_server and the
 * runtime library with their versions, NPU load, and where the toolkit dumps tensors with its free space.
 */
export async function probeBoard(adb: AdbClient, serial?: string, options: AdbCallOptions = {}): Promise<BoardFacts> {
  const { facts: device, sh } = await probeDevice(adb, serial, options);
  const facts: BoardFacts = {
    serial: device.serial,
    state: device.state,
    soc: parseSoc(device.compatible),
    os: device.os,
    osVersion: device.osVersion,
    kernel: device.kernel,
    abi: device.abi,
    npuDriver: null,
    librknnrt: { version: null, path: null },
    rknnServer: { version: null, path: null, running: false },
    npuLoad: null,
    dumpDir: null,
    storageFreeMb: null,
  };
  if (!sh) return facts;
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
