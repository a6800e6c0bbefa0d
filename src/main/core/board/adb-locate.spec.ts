import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { adbEnvFor, adbServerPort, locateAdb, resolveAdbTarget } from './adb-locate';

const fakeExecutable = (file: string): string => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
};

describe('locateAdb', () => {
  const dir = tempDir('npu-wb-adbloc-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured path, and says so when it is wrong', () => {
    const configured = fakeExecutable(path.join(dir, 'custom', 'adb'));
    expect(locateAdb({ adbPath: configured }, { PATH: '' })).toBe(configured);
    expect(() => locateAdb({ adbPath: path.join(dir, 'missing', 'adb') }, { PATH: '/usr/bin' })).toThrow(
      /adb was not found at .*missing\/adb \(Settings › adbPath\)/,
    );
  });

  it('finds adb on PATH before the SDK folder', () => {
    const onPath = fakeExecutable(path.join(dir, 'bin', 'adb'));
    const sdk = path.join(dir, 'sdk');
    fakeExecutable(path.join(sdk, 'platform-tools', 'adb'));
    expect(locateAdb({ adbPath: '' }, { PATH: `/nonexistent:${path.dirname(onPath)}`, ANDROID_HOME: sdk })).toBe(
      onPath,
    );
    expect(locateAdb({ adbPath: '' }, { PATH: '/nonexistent', ANDROID_HOME: sdk })).toBe(
      path.join(sdk, 'platform-tools', 'adb'),
    );
    expect(locateAdb({ adbPath: '' }, { PATH: '', ANDROID_SDK_ROOT: sdk })).toBe(
      path.join(sdk, 'platform-tools', 'adb'),
    );
  });

  it('explains how to install adb when there is none', () => {
    expect(() => locateAdb({ adbPath: '' }, { PATH: '/nonexistent' })).toThrow(
      /adb was not found on PATH, in \$ANDROID_HOME\/platform-tools or in Settings/,
    );
  });

  it('takes the server port from settings, or ANDROID_ADB_SERVER_PORT when the setting is the default', () => {
    expect(adbServerPort({ adbServerPort: 15037 }, { ANDROID_ADB_SERVER_PORT: '16000' })).toBe(15037);
    expect(adbServerPort({ adbServerPort: 5037 }, { ANDROID_ADB_SERVER_PORT: '16000' })).toBe(16000);
    expect(adbServerPort({ adbServerPort: 5037 }, { ANDROID_ADB_SERVER_PORT: 'junk' })).toBe(5037);
    expect(resolveAdbTarget({ adbPath: '/usr/bin/adb', adbServerPort: 5555 }, {})).toEqual({
      adbPath: '/usr/bin/adb',
      port: 5555,
    });
  });

  it('gives tools that run adb themselves the same adb and server port', () => {
    expect(adbEnvFor({ adbPath: '/opt/sdk/platform-tools/adb', port: 15037 }, { PATH: '/usr/bin:/bin' })).toEqual({
      PATH: '/opt/sdk/platform-tools:/usr/bin:/bin',
      ANDROID_ADB_SERVER_PORT: '15037',
    });
  });
});
