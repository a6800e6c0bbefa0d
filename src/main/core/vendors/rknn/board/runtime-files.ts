import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../../errors/user-error';
import { parseVersionLine } from './rknpu-probe';
import { is32BitArm, type RuntimeKind, runtimeLibName, runtimeVersionLabel } from './runtime-layout';

export interface RuntimeFile {
  path: string;
  version: string | null;
}

export interface RuntimeBundle {
  server: RuntimeFile;
  lib: RuntimeFile;
  /** TK2's start_rknn.sh / restart_rknn.sh (Linux only), when the folder has them. */
  scripts: string[];
}

const MAX_FILES = 20_000;
const MAX_DEPTH = 8;

async function walk(dir: string, depth: number, found: string[]): Promise<void> {
  if (depth > MAX_DEPTH || found.length > MAX_FILES) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await walk(full, depth + 1, found);
    else if (e.isFile() || e.isSymbolicLink()) found.push(full);
  }
}

/** The board a runtime is for: its kind and CPU ABI (`ro.product.cpu.abi` or `uname -m`; null: unknown). */
export interface RuntimeTarget {
  kind: RuntimeKind;
  abi: string | null;
}

const ARCH_DIRS = { arm64: ['aarch64', 'arm64', 'arm64-v8a'], arm32: ['armhf', 'armeabi-v7a', 'arm', 'armv7'] };

/**
 * How well a copy fits the board, or negative when it does not: the OS folder (TK2 `rknpu2/runtime/{Linux,Android}`)
 * and the CPU folder — 64-bit ARM for RK35xx (`aarch64`, `arm64`, `arm64-v8a`), 32-bit for armhf boards (`armhf`,
 * `arm`, `armeabi-v7a`), the uclibc build for RV1103/RV1106 (`armhf-uclibc`).
 */
function score(file: string, target: RuntimeTarget): number {
  const dirs = file.toLowerCase().split(/[\\/]/).slice(0, -1);
  const os = target.kind === 'android' ? 'android' : 'linux';
  let s = 0;
  if (dirs.includes(os)) s += 4;
  if (dirs.includes(os === 'linux' ? 'android' : 'linux')) return -1;
  if (dirs.some((d) => /x86|riscv|mips/.test(d))) return -1;
  const uclibc = dirs.some((d) => d.includes('uclibc'));
  if (target.kind === 'mini') return uclibc ? s + 2 : -1;
  if (uclibc) return -1;
  const [want, other] = is32BitArm(target.abi)
    ? [ARCH_DIRS.arm32, ARCH_DIRS.arm64]
    : [ARCH_DIRS.arm64, ARCH_DIRS.arm32];
  if (dirs.some((d) => other.includes(d))) return -1;
  return dirs.some((d) => want.includes(d)) ? s + 2 : s;
}

/** The board in words and the files it needs, for the message when a folder has no copy for it. */
function what(target: RuntimeTarget): { board: string; files: string } {
  if (target.kind === 'mini')
    return {
      board: 'RV1103/RV1106 (armhf-uclibc)',
      files:
        'Linux/rknn_server/armhf-uclibc/usr/bin/rknn_server and the armhf-uclibc librknnmrt.so under Linux/librknn_api',
    };
  const arm32 = is32BitArm(target.abi);
  if (target.kind === 'android')
    return arm32
      ? {
          board: 'Android armeabi-v7a',
          files: 'Android/rknn_server/arm/rknn_server and Android/librknn_api/armeabi-v7a/librknnrt.so',
        }
      : {
          board: 'Android arm64-v8a',
          files: 'Android/rknn_server/arm64/rknn_server and Android/librknn_api/arm64-v8a/librknnrt.so',
        };
  return arm32
    ? {
        board: 'Linux armhf',
        files: 'Linux/rknn_server/armhf/usr/bin/rknn_server and Linux/librknn_api/armhf/librknnrt.so',
      }
    : {
        board: 'Linux aarch64',
        files: 'Linux/rknn_server/aarch64/usr/bin/rknn_server and Linux/librknn_api/aarch64/librknnrt.so',
      };
}

/** Reads the embedded `<label> version: X` string, as `strings | grep` would on the board. */
export async function localVersion(file: string, label: string): Promise<string | null> {
  return parseVersionLine((await readFile(file)).toString('latin1'), label);
}

/**
 * Finds the rknn_server and runtime library (librknnrt.so, or librknnmrt.so for RV1103/RV1106) for the board's OS
 * and CPU in a runtime folder (the TK2 `rknpu2/runtime` tree or any folder holding the two files) and reads their
 * versions.
 */
export async function findRuntimeBundle(dir: string, target: RuntimeTarget): Promise<RuntimeBundle> {
  const { kind } = target;
  const libName = runtimeLibName(kind);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new UserError(
      `${dir}: runtime folder not found`,
      `Pick the rknpu2/runtime folder of rknn-toolkit2 (or a folder holding rknn_server and ${libName}).`,
      'not_found',
    );
  const files: string[] = [];
  await walk(dir, 0, files);
  // Only the folders below the runtime folder say what a copy is for (not /home/arm/… above it).
  const fit = (file: string): number => score(path.relative(dir, file), target);
  const best = (name: string): string | null =>
    files
      .filter((f) => path.basename(f) === name && fit(f) >= 0)
      .sort((a, b) => fit(b) - fit(a) || a.localeCompare(b))[0] ?? null;
  const server = best('rknn_server');
  const lib = best(libName);
  if (!server || !lib) {
    const missing = [server ? null : 'rknn_server', lib ? null : libName].filter(Boolean).join(' and ');
    throw new UserError(
      `${dir}: no ${missing} for ${what(target).board} in this folder`,
      `Pick rknn-toolkit2's rknpu2/runtime folder (it has ${what(target).files}).`,
      'not_found',
    );
  }
  const bundle: RuntimeBundle = {
    server: { path: server, version: await localVersion(server, 'rknn_server') },
    lib: { path: lib, version: await localVersion(lib, runtimeVersionLabel(lib)) },
    scripts:
      kind === 'linux' ? ['start_rknn.sh', 'restart_rknn.sh'].map(best).filter((f): f is string => f !== null) : [],
  };
  if (!bundle.server.version || !bundle.lib.version)
    throw new UserError(
      `${!bundle.server.version ? bundle.server.path : bundle.lib.path}: no version string inside; ` +
        "this does not look like Rockchip's build",
      'Use the files from rknn-toolkit2 rknpu2/runtime.',
      'invalid_input',
    );
  return bundle;
}
