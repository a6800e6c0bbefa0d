import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeRknnFile } from '../../../../../../test/fakes/fake-rknn-model';
import { startFakeAdb, type FakeAdbSetup } from '../../../../../../test/fakes/fake-adb-harness';
import {
  androidRk3588,
  linuxRk3588,
  linuxRk3588Facts,
  linuxRv1106,
  unauthorizedBoard,
} from '../../../../../../test/fakes/fake-boards';
import { tempDir } from '../../../../../../test/support/temp-workspace';
import { BoardError } from '../../../board/board-error';
import { boardReport } from './board-report';
import { parseCompatible, parseDfFreeMb } from '../../../board/board-probe';
import { parseNpuDriver, parseNpuLoad, parseSoc, probeBoard } from './rknpu-probe';

describe('probeBoard through the real adb client', () => {
  let fake: FakeAdbSetup;
  const dir = tempDir('npu-wb-probe-');

  beforeAll(async () => {
    fake = await startFakeAdb([
      linuxRk3588('LNX1'),
      androidRk3588('AND1'),
      unauthorizedBoard('UNAUTH1'),
      linuxRk3588('OLD1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }, { freeKb: 200 * 1024 }),
      linuxRk3588('BARE1', { server: null, runtime: null }),
      linuxRk3588('VANISH1', {}, { vanishAfterCommands: 5 }),
      linuxRv1106('RV1', { runtime: '1.6.0', server: '1.6.0' }),
      linuxRv1106('RV2', { banner: 'librknnrt', serverRunning: false }),
      linuxRv1106('RV3', { runtime: null }),
    ]);
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads an RV1106 with the mini runtime (librknnmrt.so, rknn_server under /oem, no strings binary)', async () => {
    // What differs from a Linux RK3588.
    expect(await probeBoard(fake.adb, 'RV1')).toEqual({
      ...linuxRk3588Facts('RV1'),
      soc: 'rv1106',
      osVersion: 'Buildroot 2023.02.6',
      kernel: '5.10.110',
      abi: 'armv7l',
      npuDriver: '0.9.2',
      librknnrt: { version: '1.6.0', path: '/oem/usr/lib/librknnmrt.so' },
      rknnServer: { version: '1.6.0', path: '/oem/usr/bin/rknn_server', running: true },
      npuLoad: [0],
      storageFreeMb: 1953,
    });
    // A librknnmrt.so whose banner says "librknnrt version" (unconfirmed which one Rockchip ships) reads the same.
    expect((await probeBoard(fake.adb, 'RV2')).librknnrt).toEqual({
      version: '2.3.2',
      path: '/oem/usr/lib/librknnmrt.so',
    });
  });

  it('the doctor names the mini runtime and the /oem server on an RV1106', async () => {
    const old = await boardReport(fake.adb, 'RV1', { toolkitVersion: '2.3.2' });
    expect(old.problems.find((p) => p.code === 'runtime_too_old')?.message).toMatch(
      /^librknnmrt 1\.6\.0 on the board is older than rknn-toolkit2 2\.3\.2/,
    );
    const stopped = await boardReport(fake.adb, 'RV2', { toolkitVersion: '2.3.2' });
    expect(stopped.problems.find((p) => p.code === 'rknn_server_not_running')?.fix).toMatch(
      /nohup \/oem\/usr\/bin\/rknn_server /,
    );
    const bare = await boardReport(fake.adb, 'RV3', { toolkitVersion: '2.3.2', targetPlatform: 'rk3588' });
    expect(bare.problems.find((p) => p.code === 'librknnrt_missing')?.message).toBe(
      'librknnmrt.so (the NPU runtime library) is not on the board, so no .rknn model can be loaded.',
    );
    expect(bare.problems.find((p) => p.code === 'model_target_mismatch')?.message).toMatch(
      /^The model was built for rk3588 but the board is rv1106/,
    );
  });

  it('reads a Linux RK3588 completely', async () => {
    expect(await probeBoard(fake.adb, 'LNX1')).toEqual(linuxRk3588Facts('LNX1'));
  });

  it('reads an Android RK3588 without binutils or debugfs (grep -a and dmesg fallbacks)', async () => {
    const facts = await probeBoard(fake.adb, 'AND1');
    expect(facts).toMatchObject({
      os: 'android',
      osVersion: 'Android 12',
      soc: 'rk3588',
      npuDriver: '0.8.2',
      npuLoad: null,
      dumpDir: '/data/dumps',
    });
    expect(facts.librknnrt).toEqual({ version: '1.5.2', path: '/vendor/lib64/librknnrt.so' });
    expect(facts.rknnServer).toEqual({ version: '1.5.2', path: '/vendor/bin/rknn_server', running: true });
  });

  it('reports an unauthorized board without touching its shell', async () => {
    const report = await boardReport(fake.adb, 'UNAUTH1', { toolkitVersion: '2.3.2' });
    expect(report.state).toBe('unauthorized');
    expect(report.problems.map((p) => p.code)).toEqual(['unauthorized']);
    expect(report.problems[0].fix).toMatch(/Allow USB debugging/);
  });

  it('finds every runtime problem on an old board and quotes the messages the user would see', async () => {
    const model = fakeRknnFile(path.join(dir, 'yolo-rk3566.rknn'), 'rk3566');
    const report = await boardReport(fake.adb, 'OLD1', { toolkitVersion: '2.3.2', modelPath: model });
    const byCode = Object.fromEntries(report.problems.map((p) => [p.code, p]));
    expect(Object.keys(byCode).sort()).toEqual([
      'model_target_mismatch',
      'rknn_server_not_running',
      'runtime_too_old',
      'server_toolkit_mismatch',
      'storage_low',
    ]);
    expect(byCode.runtime_too_old.message).toMatch(/Invalid RKNN model version 6/);
    expect(byCode.runtime_too_old.fix).toMatch(/runtime matching your rknn-toolkit2 .* to OLD1: /);
    expect(byCode.rknn_server_not_running.message).toMatch(/server connect fail!  ret = -9\(ERROR_PIPE\)/);
    expect(byCode.model_target_mismatch.message).toMatch(/built for rk3566 but the board is rk3588.*msg_load_ack fail/);
    expect(byCode.storage_low.message).toMatch(/Only 200 MB free .*\/userdata\/dumps/);
  });

  it('finds a board with no runtime at all', async () => {
    const report = await boardReport(fake.adb, 'BARE1', { toolkitVersion: null });
    expect(report.problems.map((p) => p.code)).toEqual(['rknn_server_missing', 'librknnrt_missing', 'toolkit_unknown']);
    expect(report.problems[0].message).toMatch(/The rknn_server on the concected device is abnormal/);
  });

  it('says which step was running when a board vanishes mid-probe', async () => {
    const error = (await probeBoard(fake.adb, 'VANISH1').catch((e: unknown) => e)) as BoardError;
    expect(error).toBeInstanceOf(BoardError);
    expect(error.reason).toBe('gone');
    expect(error.message).toBe(
      'Board VANISH1 stopped answering while reading the NPU driver version ' +
        '(the adb connection closed before the command finished)',
    );
    await expect(probeBoard(fake.adb, 'VANISH1')).rejects.toThrow('Board VANISH1 is not connected');
  });

  it('says when no board is attached at all', async () => {
    const empty = await startFakeAdb([]);
    try {
      const error = (await probeBoard(empty.adb).catch((e: unknown) => e)) as BoardError;
      expect([error.reason, error.message]).toEqual(['no_device', 'No board is connected']);
      // In the user's words; the step is an action each front end names its own way (CLI command, UI button).
      expect([error.hint, error.action]).toEqual([
        'Plug the board in over USB (OTG port) or connect a network board by its address.',
        'board-connect',
      ]);
    } finally {
      await empty.stop();
    }
  });

  it('asks for a serial when several boards are attached, and names a missing one', async () => {
    await expect(probeBoard(fake.adb)).rejects.toThrow(
      /boards are connected \(LNX1, AND1, UNAUTH1, OLD1, BARE1, RV1, RV2, RV3\)/,
    );
    // In the user's words, about the serial field: the CLI adds `--serial`, the UI points at its board picker.
    await expect(probeBoard(fake.adb)).rejects.toMatchObject({
      hint: 'Choose the board by its serial.',
      field: 'serial',
    });
    await expect(probeBoard(fake.adb, 'NOPE')).rejects.toThrow(/Board NOPE is not connected/);
  });
});

describe('probe parsers', () => {
  it('reads the SoC from the NUL-separated compatible list', () => {
    expect(parseSoc(parseCompatible('radxa,rock-5b\0rockchip,rk3588\0'))).toBe('rk3588');
    expect(parseSoc(parseCompatible('rockchip,rk3588-evb1-lp4-v10\0rockchip,rk3588\0'))).toBe('rk3588');
    expect(parseSoc(parseCompatible('rockchip,rv1106g-38x38-ipc-v10\0rockchip,rv1106\0'))).toBe('rv1106');
    expect(parseSoc(parseCompatible('raspberrypi,4-model-b\0brcm,bcm2711\0'))).toBeNull();
  });

  it('reads driver versions from debugfs and dmesg', () => {
    expect(parseNpuDriver('RKNPU driver: v0.9.6\n')).toBe('0.9.6');
    expect(parseNpuDriver('[    2.1] [drm] Initialized rknpu 0.8.2 20220829 for fdab0000.npu on minor 1')).toBe(
      '0.8.2',
    );
    expect(parseNpuDriver('')).toBeNull();
  });

  it('reads multi-core and single-core NPU load', () => {
    expect(parseNpuLoad('NPU load:  Core0:  0%, Core1: 12%, Core2:  0%,')).toEqual([0, 12, 0]);
    expect(parseNpuLoad('NPU load:  7%')).toEqual([7]);
    expect(parseNpuLoad('cat: permission denied')).toBeNull();
  });

  it('reads free space from df -k', () => {
    expect(
      parseDfFreeMb(
        'Filesystem 1K-blocks Used Available Use% Mounted on\n' +
          '/dev/mmcblk0p8 29000000 17000000 12000000 41% /userdata\n',
      ),
    ).toBe(11719);
    expect(parseDfFreeMb('')).toBeNull();
  });
});
