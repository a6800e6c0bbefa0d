import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/temp-workspace';
import { FAKE_BIN } from './fake-toolchains';

/** The fake `ssh` and `scp` (tests only), to put first on PATH. */
export const FAKE_HISI_BIN = path.resolve(import.meta.dirname, 'fake-hisi-board', 'bin');
export const FAKE_MODELZOO_MAIN = path.resolve(import.meta.dirname, 'fake-hisi-board', 'fake-modelzoo-main.py');
/** Where the fake board has the modelzoo yolov8s sample, relative to its home (the stage's runner.dir). */
export const FAKE_RUNNER_DIR = 'yolov8s/out';

/**
 * A fake HiSilicon board: a folder that is the login's home, with the modelzoo sample laid out as its README
 * says (`yolov8s/out/main`, `yolov8s/src/acl.json`), and the environment that makes ssh/scp (and atc) the fakes.
 */
export function fakeHisiBoard(): { root: string; env: Record<string, string> } {
  const root = tempDir('fake-hisi-board-');
  mkdirSync(path.join(root, FAKE_RUNNER_DIR), { recursive: true });
  mkdirSync(path.join(root, 'yolov8s', 'src'), { recursive: true });
  symlinkSync(FAKE_MODELZOO_MAIN, path.join(root, FAKE_RUNNER_DIR, 'main'));
  writeFileSync(path.join(root, 'yolov8s', 'src', 'acl.json'), '{}\n');
  const PATH = [FAKE_HISI_BIN, FAKE_BIN, process.env.PATH ?? ''].join(path.delimiter);
  return { root, env: { FAKE_HISI_BOARD_ROOT: root, PATH } };
}
