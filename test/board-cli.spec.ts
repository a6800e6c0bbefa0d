import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/main/core/workspace/workspace';
import { REAL_ADB, startFakeAdb, type FakeAdbSetup } from './fakes/fake-adb-harness';
import {
  androidRk3588,
  fakeLibrknnrt,
  fakeRknnServerBinary,
  linuxRk3588,
  unauthorizedBoard,
} from './fakes/fake-boards';
import { fakeRknpu2Runtime } from './fakes/fake-rknn-sdk';
import { SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

const CLI = path.resolve(import.meta.dirname, '..', 'bin', 'npu-workbench.mjs');

/** `npu-workbench board …` end to end: the CLI, the real adb client, the fake adb server and boards. */
describe('npu-workbench board', () => {
  let fake: FakeAdbSetup;
  const workspace = tempDir('npu-wb-cli-ws-');
  const runtime = tempDir('npu-wb-cli-rt-');
  const cli = (...args: string[]) =>
    execa(CLI, ['--workspace', workspace, 'board', ...args], {
      reject: false,
      env: { NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON },
      timeout: 60_000,
    });

  beforeAll(async () => {
    fake = await startFakeAdb([
      linuxRk3588('OLD1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false }),
      unauthorizedBoard('UNAUTH1'),
    ]);
    fake.server.network.set('10.0.0.9:5555', linuxRk3588('10.0.0.9:5555'));
    const ws = openWorkspace(workspace);
    ws.settings.update({ adbPath: REAL_ADB, adbServerPort: fake.port });
    ws.close();
    fakeRknpu2Runtime(runtime);
  });
  afterAll(async () => {
    await fake.stop();
    for (const d of [workspace, runtime]) rmSync(d, { recursive: true, force: true });
  });

  it('lists boards as JSON', async () => {
    const { stdout, exitCode } = await cli('list', '--json');
    expect(exitCode).toBe(0);
    expect(
      JSON.parse(stdout).map((d: { serial: string; state: string; model: string | null }) => [
        d.serial,
        d.state,
        d.model,
      ]),
    ).toEqual([
      ['OLD1', 'device', 'ROCK_5B'],
      ['UNAUTH1', 'unauthorized', null],
    ]);
  });

  it('probes with exactly the documented JSON shape, then fixes the runtime', async () => {
    const probe = await cli('probe', '--serial', 'OLD1', '--toolkit-version', '2.3.2', '--json');
    expect(probe.exitCode).toBe(0);
    const doc = JSON.parse(probe.stdout);
    expect(Object.keys(doc)).toEqual([
      'serial',
      'state',
      'soc',
      'os',
      'kernel',
      'abi',
      'npu_driver',
      'librknnrt',
      'rknn_server',
      'storage_free_mb',
      'problems',
    ]);
    expect(doc).toMatchObject({
      serial: 'OLD1',
      state: 'device',
      soc: 'rk3588',
      os: 'linux',
      kernel: '5.10.160-rockchip',
      abi: 'aarch64',
      npu_driver: '0.9.6',
      librknnrt: '1.5.2',
      rknn_server: { version: '1.5.2', running: false },
      storage_free_mb: 11719,
    });
    expect(doc.problems.map((p: { code: string }) => p.code)).toEqual([
      'rknn_server_not_running',
      'runtime_too_old',
      'server_toolkit_mismatch',
    ]);
    expect(Object.keys(doc.problems[0])).toEqual(['code', 'message', 'fix']);

    const fix = await cli('fix-runtime', '--serial', 'OLD1', '--runtime-dir', runtime);
    expect(fix.stderr).toBe('');
    expect(fix.exitCode).toBe(0);
    expect(fix.stdout).toMatch(/- installed \/usr\/bin\/rknn_server/);
    expect(fix.stdout).toMatch(/rknn_server +2\.3\.2 \(\/usr\/bin\/rknn_server\), running/);
    // The folder the user chose is remembered: the next fix finds it without --runtime-dir.
    const ws = openWorkspace(workspace);
    expect(ws.settings.get().vendorRuntimeDirs).toEqual([runtime]);
    ws.close();

    const again = JSON.parse((await cli('probe', '--serial', 'OLD1', '--toolkit-version', '2.3.2', '--json')).stdout);
    expect(again).toMatchObject({ librknnrt: '2.3.2', rknn_server: { version: '2.3.2', running: true }, problems: [] });
  });

  it('reports an unauthorized board in the JSON instead of failing', async () => {
    const doc = JSON.parse((await cli('probe', '--serial', 'UNAUTH1', '--json')).stdout);
    expect(doc).toMatchObject({ state: 'unauthorized', soc: null, problems: [{ code: 'unauthorized' }] });
  });

  it('connects a network board and says when an address refuses', async () => {
    const ok = await cli('connect', '10.0.0.9:5555');
    expect([ok.exitCode, ok.stdout.trim()]).toEqual([0, 'connected to 10.0.0.9:5555']);
    const refused = await cli('connect', '10.0.0.10:5555');
    expect([refused.exitCode, refused.stderr.split('\n')[0]]).toEqual([
      1,
      "npu-workbench: failed to connect to '10.0.0.10:5555': Connection refused",
    ]);
  });

  it('leaves no offline ghost after a connect that fails half-way (adb keeps one listed)', async () => {
    fake.server.halfOpen.add('10.0.0.11:5555');
    const failed = await cli('connect', '10.0.0.11');
    expect([failed.exitCode, failed.stderr.split('\n')[0]]).toEqual([
      1,
      'npu-workbench: failed to authenticate to 10.0.0.11:5555',
    ]);
    const serials = JSON.parse((await cli('list', '--json')).stdout).map((d: { serial: string }) => d.serial);
    expect(serials).not.toContain('10.0.0.11:5555');
    // Without the workbench's clean-up, real adb lists it: the fake reproduces that.
    await fake.adb.connect('10.0.0.11:5555');
    expect((await fake.adb.devices()).find((d) => d.serial === '10.0.0.11:5555')?.state).toBe('offline');
    await fake.adb.disconnect('10.0.0.11');
    expect((await fake.adb.devices()).map((d) => d.serial)).not.toContain('10.0.0.11:5555');
  });

  it('fix-runtime roots and remounts an Android board, and explains a production build', async () => {
    const userdebug = androidRk3588('AND1');
    const production = androidRk3588('PROD1', {}, { rootable: false });
    fake.server.attach(userdebug);
    fake.server.attach(production);
    try {
      const fix = await cli('fix-runtime', '--serial', 'AND1', '--runtime-dir', runtime);
      expect([fix.exitCode, fix.stderr]).toEqual([0, '']);
      expect(fix.stdout).toMatch(
        /- adb root: adbd restarted as root\n- adb remount: \/system and \/vendor are read-write\n/,
      );
      expect(fix.stdout).toMatch(/- installed \/vendor\/lib64\/librknnrt\.so/);
      const refused = await cli('fix-runtime', '--serial', 'PROD1', '--runtime-dir', runtime);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr.split('\n')[0]).toBe(
        'npu-workbench: Board PROD1 runs a production (user) Android build: "adbd cannot run as root in production builds", so the runtime under /vendor cannot be replaced over adb',
      );
      expect(refused.stderr).toMatch(/fix: Flash a userdebug\/eng firmware/);
    } finally {
      fake.server.detach(userdebug);
      fake.server.detach(production);
    }
  });

  it('fix-runtime exits 1 when its final probe still shows an ERROR', async () => {
    const mixed = tempDir('npu-wb-cli-rt-mixed-');
    for (const [rel, data] of [
      ['Linux/rknn_server/aarch64/usr/bin/rknn_server', fakeRknnServerBinary('2.3.2')],
      ['Linux/librknn_api/aarch64/librknnrt.so', fakeLibrknnrt('2.2.0')],
    ] as const) {
      mkdirSync(path.dirname(path.join(mixed, rel)), { recursive: true });
      writeFileSync(path.join(mixed, rel), data);
    }
    const board = linuxRk3588('MIXED1', { server: '1.5.2', runtime: '1.5.2' });
    fake.server.attach(board);
    try {
      const fix = await cli('fix-runtime', '--serial', 'MIXED1', '--runtime-dir', mixed);
      expect(fix.exitCode).toBe(1);
      expect(fix.stderr).toMatch(
        /^npu-workbench: Board MIXED1 still has 1 problem\(s\) after the fix: rknn_server 2\.3\.2/,
      );
      expect(fix.stdout).toMatch(/ERROR server_runtime_mismatch/);
    } finally {
      fake.server.detach(board);
    }
  });

  it('fails with one clear line and a fix for a board that is not there', async () => {
    const { exitCode, stdout, stderr } = await cli('probe', '--serial', 'GHOST', '--json');
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('npu-workbench: Board GHOST is not connected');
    expect(stderr).toMatch(/fix: Connected: OLD1 \(device\), UNAUTH1 \(unauthorized\)/);
  });
});
