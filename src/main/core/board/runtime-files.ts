import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors/user-error';
import { parseVersionLine } from './board-probe';

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

/** Prefers copies for the board's OS and a 64-bit ARM build (TK2 `rknpu2/runtime/{Linux,Android}/…/{aarch64,arm64-v8a}`). */
function score(file: string, os: 'linux' | 'android'): number {
  const p = file.toLowerCase();
  let s = 0;
  if (p.includes(`/${os}/`)) s += 4;
  if (p.includes(os === 'linux' ? '/android/' : '/linux/')) s -= 8;
  if (/aarch64|arm64/.test(p)) s += 2;
  if (/armhf|armeabi|\/arm\/|x86|riscv/.test(p)) s -= 4;
  return s;
}

/** Reads the embedded `<label> version: X` string, as `strings | grep` would on the board. */
export async function localVersion(file: string, label: string): Promise<string | null> {
  return parseVersionLine((await readFile(file)).toString('latin1'), label);
}

/**
 * Finds the rknn_server and librknnrt.so to push in a runtime folder the user picked (the TK2
 * `rknpu2/runtime` tree or any folder holding the two files) and reads their versions.
 */
export async function findRuntimeBundle(dir: string, os: 'linux' | 'android'): Promise<RuntimeBundle> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UserError(`${dir}: runtime folder not found`, 'Pick the rknpu2/runtime folder of rknn-toolkit2 (or a folder holding rknn_server and librknnrt.so).', 'not_found');
  const files: string[] = [];
  await walk(dir, 0, files);
  const best = (name: string): string | null =>
    files
      .filter((f) => path.basename(f) === name && score(f, os) >= 0)
      .sort((a, b) => score(b, os) - score(a, os) || a.localeCompare(b))[0] ?? null;
  const server = best('rknn_server');
  const lib = best('librknnrt.so');
  const what = os === 'linux' ? 'Linux aarch64' : 'Android arm64-v8a';
  if (!server || !lib) {
    const missing = [server ? null : 'rknn_server', lib ? null : 'librknnrt.so'].filter(Boolean).join(' and ');
    throw new UserError(
      `${dir}: no ${missing} for ${what} in this folder`,
      `Pick rknn-toolkit2's rknpu2/runtime folder (it has ${os === 'linux' ? 'Linux/rknn_server/aarch64/usr/bin/rknn_server and Linux/librknn_api/aarch64/librknnrt.so' : 'Android/rknn_server/arm64/rknn_server and Android/librknn_api/arm64-v8a/librknnrt.so'}).`,
      'not_found',
    );
  }
  const bundle: RuntimeBundle = {
    server: { path: server, version: await localVersion(server, 'rknn_server') },
    lib: { path: lib, version: await localVersion(lib, 'librknnrt') },
    scripts: os === 'linux' ? ['start_rknn.sh', 'restart_rknn.sh'].map(best).filter((f): f is string => f !== null) : [],
  };
  if (!bundle.server.version || !bundle.lib.version)
    throw new UserError(`${!bundle.server.version ? bundle.server.path : bundle.lib.path}: no version string inside; this does not look like Rockchip's build`, 'Use the files from rknn-toolkit2 rknpu2/runtime.', 'invalid_input');
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
