import type { BoardFacts } from '../../src/main/core/vendors/rknn/board/rknpu-probe';
import { FakeBoard, type FakeBoardOptions } from './fake-board';

/**
 * The emulated boards: file locations, version strings and script contents as on real RK3588 images
 * (reference/rknn-toolkit2.md §3). Binaries are filler bytes around the version strings that
 * `strings | grep` finds on the real ones.
 */

const filler = (seed: number, n: number): Buffer =>
  Buffer.from(
    Array.from({ length: n }, (_, i) => ((i * 131 + seed * 7) % 256 === 10 ? 0 : (i * 131 + seed * 7) % 256)),
  );

export function fakeRknnServerBinary(version: string): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1'),
    filler(1, 2000),
    Buffer.from(`\0rknn_server version: ${version} (1842325 build@2025-03-30T09:54:34)\0/usr/lib/librknnrt.so\0`),
    filler(2, 2000),
  ]);
}

export function fakeLibrknnrt(version: string): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1'),
    filler(3, 3000),
    Buffer.from(`\0librknnrt version: ${version} (429f97ae6b@2025-04-09T09:09:27)\0`),
    filler(4, 3000),
  ]);
}

/**
 * RV1103/RV1106's mini runtime. Whether its banner says "librknnmrt" or "librknnrt" is unconfirmed, so both can be
 * made.
 */
export function fakeLibrknnmrt(version: string, label: 'librknnmrt' | 'librknnrt' = 'librknnmrt'): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF\x01\x01\x01\0', 'latin1'),
    filler(7, 1500),
    Buffer.from(`\0${label} version: ${version} (b4bd0ad@2024-10-29T10:52:15)\0`),
    filler(8, 1500),
  ]);
}

/** Built from rknpu2/examples/rknn_benchmark: the usage string is how the fake recognises it. */
export function fakeRknnBenchmarkBinary(): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1'),
    filler(5, 500),
    Buffer.from('\0Usage:%s model_path [input_path] [loop_count] [core_mask]\n\0'),
    filler(6, 500),
  ]);
}

export const START_RKNN_SH = '#!/bin/sh\n\nwhile true; do\n  sleep 1\n  rknn_server\ndone\n';
export const RESTART_RKNN_SH =
  '#!/bin/sh\n\nkillall start_rknn.sh > /dev/null 2>&1\nkillall rknn_server > /dev/null 2>&1\nstart_rknn.sh > /dev/null 2>&1 &\n';

export interface RuntimeVersions {
  server?: string | null;
  runtime?: string | null;
  serverRunning?: boolean;
}

/** A Debian-based RK3588 board (e.g. Rock 5B) over USB: root adb shell, debugfs readable. */
export function linuxRk3588(
  serial = 'RK3588LNX01',
  versions: RuntimeVersions = {},
  extra: Partial<FakeBoardOptions> = {},
): FakeBoard {
  const server = versions.server === undefined ? '2.3.2' : versions.server;
  const runtime = versions.runtime === undefined ? '2.3.2' : versions.runtime;
  const files: FakeBoardOptions['files'] = {
    '/proc/device-tree/compatible': { data: Buffer.from('radxa,rock-5b\0rockchip,rk3588\0'), mode: 0o444 },
    '/sys/kernel/debug/rknpu/version': { data: 'RKNPU driver: v0.9.6\n', mode: 0o444 },
    '/sys/kernel/debug/rknpu/load': { data: 'NPU load:  Core0:  3%, Core1:  0%, Core2:  0%,\n', mode: 0o444 },
    '/usr/bin/start_rknn.sh': START_RKNN_SH,
    '/usr/bin/restart_rknn.sh': RESTART_RKNN_SH,
    '/etc/os-release': { data: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\n', mode: 0o644 },
  };
  if (server) files['/usr/bin/rknn_server'] = { data: fakeRknnServerBinary(server), mode: 0o755 };
  if (runtime) files['/usr/lib/librknnrt.so'] = { data: fakeLibrknnrt(runtime), mode: 0o644 };
  const board = new FakeBoard({
    serial,
    os: 'linux',
    product: 'rk3588',
    model: 'ROCK_5B',
    device: 'rk3588',
    kernel: '5.10.160-rockchip',
    running: server && versions.serverRunning !== false ? ['start_rknn.sh', 'rknn_server'] : [],
    freeKb: 12_000_000,
    ...extra,
    files: { ...files, ...extra.files },
  });
  board.dirs.add('/userdata');
  return board;
}

/**
 * What the board probe reads from `linuxRk3588(serial)` with its defaults: the healthy RK3588 the board doctor
 * finds nothing wrong with.
 */
export function linuxRk3588Facts(serial = 'RK3588LNX01'): BoardFacts {
  return {
    serial,
    state: 'device',
    soc: 'rk3588',
    os: 'linux',
    osVersion: 'Debian GNU/Linux 11 (bullseye)',
    kernel: '5.10.160-rockchip',
    abi: 'aarch64',
    npuDriver: '0.9.6',
    librknnrt: { version: '2.3.2', path: '/usr/lib/librknnrt.so' },
    rknnServer: { version: '2.3.2', path: '/usr/bin/rknn_server', running: true },
    npuLoad: [3, 0, 0],
    dumpDir: '/userdata/dumps',
    storageFreeMb: 11719,
  };
}

/**
 * An Android 12 RK3588 board: runtime under /vendor (read-only until `adb remount`), no debugfs access, no binutils.
 */
export function androidRk3588(
  serial = 'RK3588AND01',
  versions: RuntimeVersions = {},
  extra: Partial<FakeBoardOptions> = {},
): FakeBoard {
  const server = versions.server === undefined ? '1.5.2' : versions.server;
  const runtime = versions.runtime === undefined ? '1.5.2' : versions.runtime;
  const files: FakeBoardOptions['files'] = {
    '/proc/device-tree/compatible': {
      data: Buffer.from('rockchip,rk3588-evb1-lp4-v10\0rockchip,rk3588\0'),
      mode: 0o444,
    },
    '/sys/kernel/debug/rknpu/version': { data: 'RKNPU driver: v0.8.2\n', mode: 0o444 },
  };
  if (server) files['/vendor/bin/rknn_server'] = { data: fakeRknnServerBinary(server), mode: 0o755 };
  if (runtime) files['/vendor/lib64/librknnrt.so'] = { data: fakeLibrknnrt(runtime), mode: 0o644 };
  const board = new FakeBoard({
    serial,
    os: 'android',
    product: 'rk3588_s',
    model: 'rk3588_s',
    device: 'rk3588_s',
    kernel: '5.10.110-android12',
    hasStrings: false,
    props: { 'ro.build.version.release': '12', 'ro.board.platform': 'rk3588', 'ro.product.cpu.abi': 'arm64-v8a' },
    dmesg:
      '[    2.101] RKNPU fdab0000.npu: RKNPU: rknpu iommu is enabled, using iommu mode\n[    2.130] [drm] Initialized rknpu 0.8.2 20220829 for fdab0000.npu on minor 1\n',
    running: server && versions.serverRunning !== false ? ['rknn_server'] : [],
    readOnly: ['/vendor', '/system'],
    freeKb: 40_000_000,
    ...extra,
    files: { ...files, ...extra.files },
  });
  board.dirs.add('/data/local/tmp');
  return board;
}

/**
 * An RV1106 camera board (e.g. Luckfox Pico) on Buildroot: 32-bit, busybox without `strings`, the
 * mini runtime under /oem (rknn_server in /oem/usr/bin, librknnmrt.so in /oem/usr/lib), no
 * start/restart scripts, a single-core NPU.
 */
export function linuxRv1106(
  serial = 'RV1106LNX01',
  versions: RuntimeVersions & { banner?: 'librknnmrt' | 'librknnrt' } = {},
  extra: Partial<FakeBoardOptions> = {},
): FakeBoard {
  const server = versions.server === undefined ? '2.3.2' : versions.server;
  const runtime = versions.runtime === undefined ? '2.3.2' : versions.runtime;
  const files: FakeBoardOptions['files'] = {
    '/proc/device-tree/compatible': {
      data: Buffer.from('rockchip,rv1106g-38x38-ipc-v10\0rockchip,rv1106\0'),
      mode: 0o444,
    },
    '/sys/kernel/debug/rknpu/version': { data: 'RKNPU driver: v0.9.2\n', mode: 0o444 },
    '/sys/kernel/debug/rknpu/load': { data: 'NPU load:  0%\n', mode: 0o444 },
    '/etc/os-release': { data: 'NAME=Buildroot\nPRETTY_NAME="Buildroot 2023.02.6"\n', mode: 0o644 },
  };
  if (server) files['/oem/usr/bin/rknn_server'] = { data: fakeRknnServerBinary(server), mode: 0o755 };
  if (runtime) files['/oem/usr/lib/librknnmrt.so'] = { data: fakeLibrknnmrt(runtime, versions.banner), mode: 0o644 };
  const board = new FakeBoard({
    serial,
    os: 'linux',
    product: 'rv1106',
    model: 'Luckfox_Pico',
    device: 'rv1106',
    kernel: '5.10.110',
    // Cortex-A7: a 32-bit ARM board.
    machine: 'armv7l',
    hasStrings: false,
    running: server && versions.serverRunning !== false ? ['rknn_server'] : [],
    freeKb: 2_000_000,
    ...extra,
    files: { ...files, ...extra.files },
  });
  board.dirs.add('/userdata');
  board.dirs.add('/oem/usr/bin');
  return board;
}

/** A board whose owner has not accepted the USB-debugging key prompt. */
export function unauthorizedBoard(serial = 'RK3588UNAUTH'): FakeBoard {
  return new FakeBoard({ serial, os: 'linux', state: 'unauthorized' });
}

/** A Linux RK3588 whose USB link drops once `afterBytes` of a push have arrived. */
export function droppingBoard(serial = 'RK3588DROP', afterBytes = 4096): FakeBoard {
  return linuxRk3588(serial, {}, { dropDuringPushAfterBytes: afterBytes });
}
