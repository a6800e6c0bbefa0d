import { describe, expect, it } from 'vitest';
import { diagnoseBoard } from './board-doctor';
import type { BoardFacts } from './board-probe';
import { classifyAdbFailure } from './board-error';

const healthy: BoardFacts = {
  serial: 'S1',
  state: 'device',
  soc: 'rk3588',
  os: 'linux',
  osVersion: 'Debian GNU/Linux 11 (bullseye)',
  kernel: '5.10.160',
  npuDriver: '0.9.6',
  librknnrt: { version: '2.3.2', path: '/usr/lib/librknnrt.so' },
  rknnServer: { version: '2.3.2', path: '/usr/bin/rknn_server', running: true },
  npuLoad: [0, 0, 0],
  dumpDir: '/userdata/dumps',
  storageFreeMb: 9000,
};
const codes = (
  facts: Partial<BoardFacts>,
  toolkitVersion: string | null = '2.3.2',
  model?: Parameters<typeof diagnoseBoard>[1]['model'],
) =>
  diagnoseBoard({ ...healthy, ...facts }, { toolkitVersion, model })
    .filter((p) => toolkitVersion !== null || p.code !== 'toolkit_unknown')
    .map((p) => `${p.severity}:${p.code}`);

describe('diagnoseBoard', () => {
  it('finds nothing on a matching board', () => {
    expect(codes({})).toEqual([]);
    expect(codes({}, null, { targetPlatform: 'rk3588', formatVersion: 6 })).toEqual([]);
    expect(diagnoseBoard(healthy, { toolkitVersion: null }).map((p) => p.code)).toEqual(['toolkit_unknown']);
  });

  it('stops at the connection state', () => {
    expect(codes({ state: 'offline' })).toEqual(['error:offline']);
    expect(codes({ state: 'no_permissions' })).toEqual(['error:no_permissions']);
    expect(codes({ state: 'recovery' })).toEqual(['error:not_ready']);
  });

  it('tells server/runtime/toolkit mismatches apart', () => {
    expect(codes({ rknnServer: { ...healthy.rknnServer, version: '2.1.0' } })).toEqual([
      'error:server_runtime_mismatch',
      'error:server_toolkit_mismatch',
    ]);
    expect(
      codes({
        librknnrt: { ...healthy.librknnrt, version: '2.0.0' },
        rknnServer: { ...healthy.rknnServer, version: '2.0.0' },
      }),
    ).toEqual(['warning:runtime_version_mismatch', 'error:server_toolkit_mismatch']);
    const soft = diagnoseBoard(
      { ...healthy, librknnrt: { ...healthy.librknnrt, version: '2.0.0' } },
      { toolkitVersion: '2.3.2' },
    ).find((p) => p.code === 'runtime_version_mismatch');
    expect(soft?.message).toMatch(/W RKNN: RKNN Model version: 2\.3\.2 not match with rknn runtime version: 2\.0\.0/);
  });

  it('judges the model against the board', () => {
    expect(codes({}, null, { targetPlatform: 'rk3566', formatVersion: null })).toEqual(['error:model_target_mismatch']);
    expect(codes({ soc: 'rk3568' }, null, { targetPlatform: 'rk3566', formatVersion: null })).toEqual([]);
    expect(codes({}, null, { path: 'x.rknn', targetPlatform: null, formatVersion: null, badMagic: true })).toEqual([
      'error:model_invalid',
    ]);
    expect(
      codes(
        {
          librknnrt: { ...healthy.librknnrt, version: '1.5.2' },
          rknnServer: { ...healthy.rknnServer, version: '1.5.2' },
        },
        null,
        { targetPlatform: null, formatVersion: 6 },
      ),
    ).toEqual(['error:runtime_too_old']);
  });

  it('warns about the driver, unknown SoC and low storage', () => {
    expect(codes({ npuDriver: '0.8.2' })).toEqual(['warning:npu_driver_old']);
    expect(codes({ npuDriver: null })).toEqual(['info:npu_driver_unknown']);
    expect(codes({ soc: null })).toEqual(['warning:soc_unknown']);
    expect(codes({ storageFreeMb: 100 })).toEqual(['warning:storage_low']);
  });
});

describe('classifyAdbFailure', () => {
  it('recognises adb server problems and empty device lists', () => {
    expect(
      classifyAdbFailure(
        "adb server version (41) doesn't match this client (39); killing...",
        undefined,
        'listing devices',
        5037,
      )?.message,
    ).toBe('Another adb (server version 41) owns port 5037; this client is version 39');
    expect(
      classifyAdbFailure(
        '* cannot connect to daemon at tcp:5037: Connection refused',
        undefined,
        'listing devices',
        5037,
      )?.reason,
    ).toBe('adb_server');
    expect(classifyAdbFailure('adb: error: no devices/emulators found', undefined, 'x', 5037)?.message).toBe(
      'No board is connected',
    );
    expect(classifyAdbFailure('adb: error: more than one device/emulator', undefined, 'x', 5037)?.reason).toBe(
      'ambiguous',
    );
    expect(classifyAdbFailure('cat: /x: No such file or directory', 'S1', 'x', 5037)).toBeNull();
  });
});
