import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAdb, type FakeAdbSetup } from '../../../../../../test/fakes/fake-adb-harness';
import {
  androidRk3588,
  droppingBoard,
  linuxRk3588,
  linuxRv1106,
  unauthorizedBoard,
} from '../../../../../../test/fakes/fake-boards';
import { fakeRknpu2Runtime } from '../../../../../../test/fakes/fake-rknn-sdk';
import { tempDir } from '../../../../../../test/support/temp-workspace';
import type { BoardError } from '../../../board/board-error';
import { fixRuntime } from './fix-runtime';
import { findRuntimeBundle, type RuntimeTarget } from './runtime-files';
import { type LocatedRuntime, locateRuntime } from './runtime-locate';

/** The fix's runtime lookup with a folder the user chose. */
const fromFolder =
  (dir: string) =>
  (target: RuntimeTarget): Promise<LocatedRuntime> =>
    locateRuntime({ given: dir, configured: [], toolkit: null }, target);

describe('fix-runtime through the real adb client', () => {
  let fake: FakeAdbSetup;
  const runtime = fakeRknpu2Runtime(tempDir('npu-wb-runtime-'));
  const old = linuxRk3588('OLD1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false });
  const writableAndroid = androidRk3588('AND-RW', {}, { readOnly: [] });
  const androidRo = androidRk3588('AND-RO');
  const android10 = androidRk3588('AND-SHELLRM', {}, { features: ['shell_v2', 'cmd', 'remount_shell'] });
  const production = androidRk3588('AND-PROD', {}, { rootable: false });
  const verity = androidRk3588(
    'AND-VERITY',
    {},
    {
      remountFailure:
        'dm_verity is enabled on the system and vendor partitions.\nUse "adb disable-verity" to disable verity.\n' +
        'If you do not, remount may succeed, however, you will still not be able to write to these volumes.\n' +
        'remount failed\n',
    },
  );
  const dropping = droppingBoard('DROP1', 1000);
  const noService = androidRk3588('AND-NOSVC', {}, { readOnly: [], initService: false });
  const armhf = linuxRk3588('ARM32', { server: '1.5.2', runtime: '1.5.2' }, { machine: 'armv7l' });
  const rv1106 = linuxRv1106('RV1', { server: '1.6.0', runtime: '1.6.0', serverRunning: false });

  beforeAll(async () => {
    fake = await startFakeAdb([
      old,
      armhf,
      rv1106,
      androidRo,
      android10,
      production,
      verity,
      writableAndroid,
      noService,
      unauthorizedBoard('UNAUTH1'),
      dropping,
    ]);
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(runtime, { recursive: true, force: true });
  });

  it('picks the files for the board OS and a 64-bit ARM build from the TK2 tree', async () => {
    const linux = await findRuntimeBundle(runtime, { kind: 'linux', abi: 'aarch64' });
    expect(path.relative(runtime, linux.server.path)).toBe('Linux/rknn_server/aarch64/usr/bin/rknn_server');
    expect(path.relative(runtime, linux.lib.path)).toBe('Linux/librknn_api/aarch64/librknnrt.so');
    expect(linux.server.version).toBe('2.3.2');
    expect(linux.scripts.map((s) => path.basename(s)).sort()).toEqual(['restart_rknn.sh', 'start_rknn.sh']);
    const mini = await findRuntimeBundle(runtime, { kind: 'mini', abi: 'armv7l' });
    expect(path.relative(runtime, mini.server.path)).toBe('Linux/rknn_server/armhf-uclibc/usr/bin/rknn_server');
    expect(path.relative(runtime, mini.lib.path)).toBe('Linux/librknn_api/armhf-uclibc/librknnmrt.so');
    expect(mini.lib.version).toBe('2.3.2');
    expect(mini.scripts).toEqual([]);
    const android = await findRuntimeBundle(runtime, { kind: 'android', abi: 'arm64-v8a' });
    expect(path.relative(runtime, android.lib.path)).toBe('Android/librknn_api/arm64-v8a/librknnrt.so');
    expect(android.scripts).toEqual([]);
    // 32-bit boards get the 32-bit builds (armhf on Linux, arm/armeabi-v7a on Android).
    const armhf = await findRuntimeBundle(runtime, { kind: 'linux', abi: 'armv7l' });
    expect(path.relative(runtime, armhf.server.path)).toBe('Linux/rknn_server/armhf/usr/bin/rknn_server');
    expect(path.relative(runtime, armhf.lib.path)).toBe('Linux/librknn_api/armhf/librknnrt.so');
    expect(armhf.scripts.map((s) => path.relative(runtime, s))).toEqual([
      'Linux/rknn_server/armhf/usr/bin/restart_rknn.sh',
    ]);
    const android32 = await findRuntimeBundle(runtime, { kind: 'android', abi: 'armeabi-v7a' });
    expect([android32.server.path, android32.lib.path].map((f) => path.relative(runtime, f))).toEqual([
      'Android/rknn_server/arm/rknn_server',
      'Android/librknn_api/armeabi-v7a/librknnrt.so',
    ]);
  });

  it('names the folder and what is missing when it is not a runtime folder', async () => {
    const empty = tempDir('npu-wb-empty-');
    await expect(findRuntimeBundle(empty, { kind: 'linux', abi: 'aarch64' })).rejects.toThrow(
      `${empty}: no rknn_server and librknnrt.so for Linux aarch64 in this folder`,
    );
    await expect(findRuntimeBundle(path.join(empty, 'nope'), { kind: 'linux', abi: null })).rejects.toThrow(
      /runtime folder not found/,
    );
    await expect(findRuntimeBundle(path.join(runtime, 'Android'), { kind: 'mini', abi: 'armv7l' })).rejects.toThrow(
      /: no rknn_server and librknnmrt\.so for RV1103\/RV1106 \(armhf-uclibc\) in this folder$/,
    );
    rmSync(empty, { recursive: true, force: true });
  });

  it('replaces an old runtime on a Linux board, restarts rknn_server and probes clean', async () => {
    const result = await fixRuntime(fake.adb, 'OLD1', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.before.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['rknn_server_not_running', 'runtime_too_old', 'server_toolkit_mismatch']),
    );
    expect(result.after.librknnrt.version).toBe('2.3.2');
    expect(result.after.rknnServer).toEqual({ version: '2.3.2', path: '/usr/bin/rknn_server', running: true });
    expect(result.after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.steps).toContain('restarted rknn_server with /usr/bin/restart_rknn.sh');
    expect(result.steps).toContainEqual(expect.stringMatching(/^rknn_server is running \(PID \d+\)$/));
    expect(old.files.get('/usr/bin/rknn_server')?.mode).toBe(0o755);
    expect(old.files.get('/usr/lib/librknnrt.so')?.mode).toBe(0o644);
    expect([...old.files.keys()].some((f) => f.endsWith('.npuwb-new'))).toBe(false);
    expect(old.processes.map((p) => p.name).sort()).toEqual(['rknn_server', 'start_rknn.sh']);
  });

  it('pushes the 32-bit builds to a board whose userland is 32-bit ARM (uname -m armv7l)', async () => {
    const result = await fixRuntime(fake.adb, 'ARM32', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.before.abi).toBe('armv7l');
    expect(result.steps[0]).toMatch(
      /\/armhf\/usr\/bin\/rknn_server\), librknnrt\.so 0\.0\.1 \(.*\/armhf\/librknnrt\.so\)$/,
    );
    expect(armhf.files.get('/usr/lib/librknnrt.so')?.data.toString('latin1')).toContain('librknnrt version: 0.0.1');
    expect(result.after.rknnServer).toMatchObject({ version: '0.0.1', running: true });
  });

  it('puts the mini runtime where an RV1106 keeps it (/oem), restarts its rknn_server and probes clean', async () => {
    const result = await fixRuntime(fake.adb, 'RV1', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.steps[0]).toMatch(
      /^runtime folder \(chosen\): .*; rknn_server 2\.3\.2 \(.*armhf-uclibc\/usr\/bin\/rknn_server\), librknnmrt\.so 2\.3\.2 \(.*armhf-uclibc\/librknnmrt\.so\)$/,
    );
    expect(result.before.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['rknn_server_not_running', 'runtime_too_old']),
    );
    expect(result.after.librknnrt).toEqual({ version: '2.3.2', path: '/oem/usr/lib/librknnmrt.so' });
    expect(result.after.rknnServer).toEqual({ version: '2.3.2', path: '/oem/usr/bin/rknn_server', running: true });
    expect(result.after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.steps).toContain('restarted /oem/usr/bin/rknn_server');
    expect(rv1106.files.get('/oem/usr/bin/rknn_server')?.mode).toBe(0o755);
    // Nothing of the RK35xx layout lands on the RV1106.
    expect([...rv1106.files.keys()].filter((f) => f.startsWith('/usr/'))).toEqual([]);
  });

  it('roots and remounts a userdebug Android board (real adb root/remount), then replaces the runtime', async () => {
    const before = fake.server.requests.length;
    const result = await fixRuntime(fake.adb, 'AND-RO', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.steps.slice(1, 3)).toEqual([
      'adb root: adbd restarted as root',
      'adb remount: /system and /vendor are read-write',
    ]);
    // What the real adb client sent: root:, then it waited for the board to drop and return, then remount:.
    const sent = fake.server.requests.slice(before);
    expect(sent).toEqual(expect.arrayContaining(['root:', 'host-serial:AND-RO:wait-for-any-device', 'remount:']));
    expect(sent.some((r) => /^host-transport-id:\d+:wait-for-any-disconnect$/.test(r))).toBe(true);
    expect(sent.indexOf('remount:')).toBeGreaterThan(sent.indexOf('root:'));
    expect(androidRo.adbdRoot).toBe(true);
    expect(result.after.rknnServer).toEqual({ version: '2.3.2', path: '/vendor/bin/rknn_server', running: true });
    expect(result.after.librknnrt).toEqual({ version: '2.3.2', path: '/vendor/lib64/librknnrt.so' });
    expect(result.after.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('remounts through the shell when adbd has remount_shell (Android 10+)', async () => {
    const before = fake.server.requests.length;
    const result = await fixRuntime(fake.adb, 'AND-SHELLRM', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.steps[2]).toBe('adb remount: /system and /vendor are read-write');
    const sent = fake.server.requests.slice(before);
    expect(sent).not.toContain('remount:');
    expect(sent.some((r) => /^shell,v2,.*:remount$/.test(r))).toBe(true);
    expect(result.after.librknnrt).toEqual({ version: '2.3.2', path: '/vendor/lib64/librknnrt.so' });
  });

  it('says a production Android build cannot be rooted, and touches nothing', async () => {
    const error = (await fixRuntime(fake.adb, 'AND-PROD', fromFolder(runtime), { toolkitVersion: '2.3.2' }).catch(
      (e: unknown) => e,
    )) as BoardError;
    expect(error.reason).toBe('not_rootable');
    expect(error.message).toBe(
      'Board AND-PROD runs a production (user) Android build: "adbd cannot run as root in production builds", ' +
        'so the runtime under /vendor cannot be replaced over adb',
    );
    expect(error.hint).toMatch(/userdebug/);
    expect(production.files.get('/vendor/bin/rknn_server')?.data.toString('latin1')).toContain(
      'rknn_server version: 1.5.2',
    );
    expect(fake.server.requests).not.toContain('host-serial:AND-PROD:wait-for-any-device');
  });

  it('explains a remount that dm-verity refuses', async () => {
    const error = (await fixRuntime(fake.adb, 'AND-VERITY', fromFolder(runtime), { toolkitVersion: '2.3.2' }).catch(
      (e: unknown) => e,
    )) as BoardError;
    expect(error.reason).toBe('read_only');
    expect(error.message).toBe(
      'Board AND-VERITY: adb remount failed: dm-verity protects /system and /vendor (remount failed)',
    );
    expect(error.hint).toBe(
      'Run `adb -s AND-VERITY disable-verity`, then `adb -s AND-VERITY reboot`, wait for the board, and fix again.',
    );
  });

  it('fixes an already remounted Android board through the init service', async () => {
    const result = await fixRuntime(fake.adb, 'AND-RW', fromFolder(runtime), { toolkitVersion: '2.3.2' });
    expect(result.before.problems.map((p) => p.code)).toContain('runtime_too_old');
    expect(result.after.rknnServer).toEqual({ version: '2.3.2', path: '/vendor/bin/rknn_server', running: true });
    expect(result.after.librknnrt).toEqual({ version: '2.3.2', path: '/vendor/lib64/librknnrt.so' });
    expect(result.steps).toContain('restarted rknn_server (init service)');
  });

  it('fails when the restart did not take: the old rknn_server (same PID) still runs on Android', async () => {
    const pid = noService.processes.find((p) => p.name === 'rknn_server')!.pid;
    const err = (await fixRuntime(fake.adb, 'AND-NOSVC', fromFolder(runtime), { toolkitVersion: '2.3.2' }).catch(
      (e: unknown) => e,
    )) as BoardError;
    expect(err.message).toBe(
      `Board AND-NOSVC: the runtime files were replaced, but the old rknn_server (PID ${pid}) is still running: ` +
        'the restart did not take',
    );
    expect(err.hint).toMatch(/no init service named rknn_server .*adb reboot/);
  });

  it('never roots or remounts a Linux board (its adbd already runs as root)', () => {
    const r = fake.server.requests;
    const rootedOrRemounted = r.flatMap((req, i) => (req === 'root:' || req === 'remount:' ? [r[i - 1]] : []));
    expect(rootedOrRemounted.length).toBeGreaterThan(0);
    expect(rootedOrRemounted.filter((transport) => transport.includes('OLD1'))).toEqual([]);
  });

  it('refuses an unauthorized board with the reason', async () => {
    await expect(fixRuntime(fake.adb, 'UNAUTH1', fromFolder(runtime), { toolkitVersion: null })).rejects.toThrow(
      /Board UNAUTH1 cannot be fixed while it is unauthorized/,
    );
  });

  it('reports a board that drops mid-push and leaves its old rknn_server in place', async () => {
    const error = (await fixRuntime(fake.adb, 'DROP1', fromFolder(runtime), { toolkitVersion: null }).catch(
      (e: unknown) => e,
    )) as BoardError;
    expect(error.reason).toBe('gone');
    expect(error.message).toMatch(
      /^Board DROP1 disconnected while pushing .*rknn_server to \/usr\/bin\/rknn_server\.npuwb-new/,
    );
    expect(dropping.files.get('/usr/bin/rknn_server')?.data.toString('latin1')).toContain('rknn_server version: 2.3.2');
    expect(dropping.files.has('/usr/bin/rknn_server.npuwb-new')).toBe(false);
  });
});
