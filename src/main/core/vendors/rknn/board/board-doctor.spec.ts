import { describe, expect, it } from 'vitest';
import { linuxRk3588Facts } from '../../../../../../test/fakes/fake-boards';
import { diagnoseBoard } from './board-doctor';
import type { BoardFacts } from './rknpu-probe';

const healthy: BoardFacts = linuxRk3588Facts('S1');
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

  it("says each fix in the user's words and names its step for the front ends", () => {
    const [stopped] = diagnoseBoard(
      { ...healthy, rknnServer: { ...healthy.rknnServer, running: false } },
      { toolkitVersion: '2.3.2' },
    );
    expect(stopped).toMatchObject({ code: 'rknn_server_not_running', action: 'board-fix-runtime' });
    expect(stopped.fix).toMatch(/use the workbench's runtime fix, which restarts it\.$/);
    const [offline] = diagnoseBoard({ ...healthy, state: 'offline' }, { toolkitVersion: null });
    expect(offline).toMatchObject({ action: 'board-connect', fix: expect.not.stringMatching(/npu-workbench|`board/) });
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
    // A version string with no number in it (a custom build) claims no mismatch.
    expect(codes({ rknnServer: { ...healthy.rknnServer, version: 'dev' } })).toEqual([]);
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
