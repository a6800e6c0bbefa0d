import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import type { SettingsPatch } from '../../../shared/contract';
import { UserError } from '../errors/user-error';

const FILES = {
  pythonPath: 'Pick the python executable that has your toolkit (e.g. /usr/bin/python3), or leave it empty for PATH.',
  adbPath: 'Pick the adb binary (platform-tools/adb), or leave it empty for adb on PATH.',
} as const;

/**
 * Checks the paths a settings change names before it is stored: an interpreter or adb that does not exist, or a
 * runtime folder that is not a folder, would only fail later in a run or a board connect. Each message names the
 * setting as "Settings › key" so the UI links it to its field.
 */
export async function checkSettingsPatch(patch: SettingsPatch): Promise<void> {
  for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
    const value = patch[key];
    if (!value) continue;
    const info = await stat(value).catch(() => null);
    if (!info?.isFile())
      throw new UserError(
        `Settings › ${key}: ${value} ${info ? 'is not a file' : 'does not exist'}`,
        FILES[key],
        'invalid_input',
      );
  }
  if (patch.pythonPath) await checkRunsAsPython3(patch.pythonPath);
  for (const dir of patch.vendorRuntimeDirs ?? []) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory())
      throw new UserError(
        `Settings › vendorRuntimeDirs: ${dir} ${info ? 'is not a folder' : 'does not exist'}`,
        "Add the folder that holds rknn_server and librknnrt.so (rknn-toolkit2's rknpu2/runtime).",
        'invalid_input',
      );
  }
}

/** An existing file is not enough: it must start and be Python 3 (a python2, a broken venv, a non-executable). */
async function checkRunsAsPython3(file: string): Promise<void> {
  const out = await execa(file, ['-c', 'import sys; print(sys.version_info[0])'], {
    reject: false,
    timeout: 15_000,
    stdin: 'ignore',
    all: true,
  });
  if (!out.failed && out.stdout.trim() === '3') return;
  const why = out.timedOut
    ? 'did not answer within 15 s'
    : out.exitCode === 0
      ? `is not Python 3 (it printed "${out.stdout.trim().slice(0, 60)}")`
      : `cannot run: ${((out.all || out.shortMessage) ?? '').trim().split('\n').pop()}`;
  throw new UserError(`Settings › pythonPath: ${file} ${why}`, FILES.pythonPath, 'invalid_input');
}
