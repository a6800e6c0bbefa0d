import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON, tempDir } from '../../../../test/support/temp-workspace';
import { checkSettingsPatch } from './settings-check';

describe('settings check', () => {
  const dir = tempDir('npu-wb-settings-check-');
  const file = path.join(dir, 'python3');
  writeFileSync(file, '');
  mkdirSync(path.join(dir, 'runtime'));

  it('accepts existing paths, empty paths and non-path settings', async () => {
    await expect(
      checkSettingsPatch({
        pythonPath: SYSTEM_PYTHON,
        adbPath: '',
        vendorRuntimeDirs: [path.join(dir, 'runtime')],
        threads: 2,
      }),
    ).resolves.toBeUndefined();
  });

  it('names the setting and the path that does not exist or has the wrong kind', async () => {
    await expect(checkSettingsPatch({ pythonPath: path.join(dir, 'nope') })).rejects.toThrow(
      `Settings › pythonPath: ${path.join(dir, 'nope')} does not exist`,
    );
    await expect(checkSettingsPatch({ adbPath: dir })).rejects.toThrow(`Settings › adbPath: ${dir} is not a file`);
    await expect(checkSettingsPatch({ vendorRuntimeDirs: [file] })).rejects.toThrow(
      `Settings › vendorRuntimeDirs: ${file} is not a folder`,
    );
  });

  it('refuses a pythonPath that exists but does not run as Python 3, saying why', async () => {
    await expect(checkSettingsPatch({ pythonPath: file })).rejects.toThrow(`Settings › pythonPath: ${file} cannot run`);
    await expect(checkSettingsPatch({ pythonPath: '/bin/true' })).rejects.toThrow(/\/bin\/true is not Python 3/);
  });
});
