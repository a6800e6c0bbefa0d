import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../../errors/user-error';
import { parseVersionLine } from './rknpu-probe';
import { type RuntimeKind, runtimeLibName, runtimeVersionLabel } from './runtime-layout';

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

/**
 * Prefers copies for the board's OS and CPU: 64-bit ARM for RK35xx (TK2 `rknpu2/runtime/{Linux,Android}/…/
 * {aarch64,arm64-v8a}`), the 32-bit uclibc build for RV1103/RV1106 (`Linux/rknn_server/armhf-uclibc`).
 */
function score(file: string, kind: RuntimeKind): number {
  const p = file.toLowerCase();
  const os = kind === 'android' ? 'android' : 'linux';
  let s = 0;
  if (p.includes(`/${os}/`)) s += 4;
  if (p.includes(os === 'linux' ? '/android/' : '/linux/')) s -= 8;
  if (kind === 'mini') {
    if (p.includes('uclibc')) s += 2;
    if (/aarch64|arm64|x86|riscv/.test(p)) s -= 8;
  } else {
    if (/aarch64|arm64/.test(p)) s += 2;
    if (/armhf|armeabi|\/arm\/|x86|riscv/.test(p)) s -= 4;
  }
  return s;
}

const WHAT: Record<RuntimeKind, { board: string; files: string }> = {
  linux: {
    board: 'Linux aarch64',
    files: 'Linux/rknn_server/aarch64/usr/bin/rknn_server and Linux/librknn_api/aarch64/librknnrt.so',
  },
  android: {
    board: 'Android arm64-v8a',
    files: 'Android/rknn_server/arm64/rknn_server and Android/librknn_api/arm64-v8a/librknnrt.so',
  },
  mini: {
    board: 'RV1103/RV1106 (armhf-uclibc)',
    files:
      'Linux/rknn_server/armhf-uclibc/usr/bin/rknn_server and the armhf-uclibc librknnmrt.so under Linux/librknn_api',
  },
};

/** Reads the embedded `<label> version: X` string, as `strings | grep` would on the board. */
export async function localVersion(file: string, label: string): Promise<string | null> {
  return parseVersionLine((await readFile(file)).toString('latin1'), label);
}

/**
 * Finds the rknn_server and runtime library (librknnrt.so, or librknnmrt.so for RV1103/RV1106) to
 * push in a runtime folder the user picked (the TK2 `rknpu2/runtime` tree or any folder holding the
 * two files) and reads their versions.
 */
export async function findRuntimeBundle(dir: string, kind: RuntimeKind): Promise<RuntimeBundle> {
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
  const best = (name: string): string | null =>
    files
      .filter((f) => path.basename(f) === name && score(f, kind) >= 0)
      .sort((a, b) => score(b, kind) - score(a, kind) || a.localeCompare(b))[0] ?? null;
  const server = best('rknn_server');
  const lib = best(libName);
  if (!server || !lib) {
    const missing = [server ? null : 'rknn_server', lib ? null : libName].filter(Boolean).join(' and ');
    throw new UserError(
      `${dir}: no ${missing} for ${WHAT[kind].board} in this folder`,
      `Pick rknn-toolkit2's rknpu2/runtime folder (it has ${WHAT[kind].files}).`,
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

/** The first of the configured vendor runtime folders (Settings › vendorRuntimeDirs) that holds an rknn_server. */
export async function pickRuntimeDir(dirs: readonly string[]): Promise<string | null> {
  for (const dir of dirs) {
    const files: string[] = [];
    await walk(dir, 0, files);
    if (files.some((f) => path.basename(f) === 'rknn_server')) return dir;
  }
  return null;
}
