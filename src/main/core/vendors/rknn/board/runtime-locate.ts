import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../../errors/user-error';
import { compareVersions } from '../../../toolchains/versions';
import type { HostToolkit } from '../../vendor-module';
import { findRuntimeBundle, type RuntimeBundle, type RuntimeTarget } from './runtime-files';

/** Where a runtime folder came from, in the order they are tried. */
export type RuntimeSource = 'given' | 'settings' | 'toolkit' | 'usual place';

export interface RuntimeSearch {
  /** The folder the user gave (`--runtime-dir`, the Board page's folder prompt): the only one tried. */
  given?: string;
  /** Settings › vendorRuntimeDirs. */
  configured: readonly string[];
  /** rknn-toolkit2 in the configured Python: the SDK's rknpu2/runtime is looked for next to its package. */
  toolkit: HostToolkit | null;
  home?: string;
}

export interface LocatedRuntime {
  dir: string;
  source: RuntimeSource;
  bundle: RuntimeBundle;
}

/** How far up from the `rknn` package a clone's `rknpu2/runtime` is looked for (a venv inside the clone: 5). */
const ANCESTORS = 7;
/** Where people clone airockchip/rknn-toolkit2 (its runtime copies are in the git tree, not in the pip wheel). */
const CLONE_PARENTS = ['', 'Downloads', 'src', 'git', 'work', 'projects', 'code'];
const CLONE_NAMES = ['rknn-toolkit2', 'rknn-toolkit2-master', 'rknn_toolkit2'];

/** The folders to try, in order: the given one alone, else the configured ones, next to the toolkit, usual clones. */
export function runtimeCandidates(search: RuntimeSearch): { dir: string; source: RuntimeSource }[] {
  if (search.given) return [{ dir: search.given, source: 'given' }];
  const out: { dir: string; source: RuntimeSource }[] = search.configured.map((dir) => ({ dir, source: 'settings' }));
  const pkg = search.toolkit?.location;
  if (pkg) {
    // A wheel that ships the runtime would hold it in its package; a clone holds it a few folders up.
    out.push({ dir: pkg, source: 'toolkit' });
    for (let dir = path.dirname(pkg), i = 0; i < ANCESTORS && dir !== path.dirname(dir); dir = path.dirname(dir), i++)
      out.push({ dir: path.join(dir, 'rknpu2', 'runtime'), source: 'toolkit' });
  }
  const home = search.home ?? os.homedir();
  for (const parent of [...CLONE_PARENTS.map((p) => path.join(home, p)), '/opt'])
    for (const name of CLONE_NAMES)
      out.push({ dir: path.join(parent, name, 'rknpu2', 'runtime'), source: 'usual place' });
  out.push({ dir: path.join(home, 'rknpu2', 'runtime'), source: 'usual place' });
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(path.resolve(c.dir)) && seen.add(path.resolve(c.dir)));
}

/**
 * The runtime to push to a board: from the given folder, else the first candidate folder holding a copy for the
 * board's OS and CPU, preferring one whose version is the host toolkit's (Rockchip requires the same version on
 * both sides). None found: an error about the runtime folder, so the CLI names `--runtime-dir` and the UI asks for
 * a folder.
 */
export async function locateRuntime(search: RuntimeSearch, target: RuntimeTarget): Promise<LocatedRuntime> {
  if (search.given) {
    // A typed `~/rknn-toolkit2/…` (the browser's path field) means the home folder, as in a shell.
    const given = search.given.replace(/^~(?=$|\/)/, search.home ?? os.homedir());
    const bundle = await findRuntimeBundle(given, target).catch((error: unknown) => {
      throw error instanceof UserError
        ? new UserError(error.message, error.hint, error.code, 'runtimeDir')
        : (error as Error);
    });
    return { dir: given, source: 'given', bundle };
  }
  const found: LocatedRuntime[] = [];
  const looked: string[] = [];
  for (const candidate of runtimeCandidates(search)) {
    if (!(await stat(candidate.dir).catch(() => null))?.isDirectory()) continue;
    looked.push(candidate.dir);
    const bundle = await findRuntimeBundle(candidate.dir, target).catch(() => null);
    if (bundle) found.push({ ...candidate, bundle });
  }
  const toolkit = search.toolkit?.version;
  const sameVersion = found.find((f) => toolkit && compareVersions(f.bundle.lib.version, toolkit) === 0);
  const pick = sameVersion ?? found[0];
  if (pick) return pick;
  throw new UserError(
    'No rknn-toolkit2 runtime folder (rknpu2/runtime) was found on this computer' +
      (looked.length ? ` with a copy for this board (looked in ${looked.join(', ')})` : ''),
    'Choose the rknpu2/runtime folder of an rknn-toolkit2 clone (git clone airockchip/rknn-toolkit2; ' +
      'the pip wheel does not ship the board runtime); it is remembered in Settings › vendorRuntimeDirs.',
    'not_found',
    'runtimeDir',
  );
}
