import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBoard } from '../../../../test/fakes/fake-board';
import { startFakeAdb, type FakeAdbSetup } from '../../../../test/fakes/fake-adb-harness';
import { androidRk3588, droppingBoard, linuxRk3588, unauthorizedBoard } from '../../../../test/fakes/fake-boards';
import { HOSTILE_STRINGS } from '../../../../test/support/hostile-strings';
import { tempDir } from '../../../../test/support/temp-workspace';
import { AdbClient } from './adb-client';
import { BoardError } from './board-error';
import { trackDevices } from './device-tracker';
import { shQuote } from './shell-quote';

describe('AdbClient with the real adb client against the fake adb server', () => {
  let fake: FakeAdbSetup;
  const linux = linuxRk3588('LNX1');
  const legacy = new FakeBoard({ serial: 'LEGACY1', os: 'linux', features: [] });
  const slow = linuxRk3588('SLOW1', {}, { slowCommands: { 'sleepy-marker': 5000 } });
  const vanishing = linuxRk3588('VANISH1', {}, { vanishAfterCommands: 1 });
  const dropping = droppingBoard('DROP1', 8192);
  const dir = tempDir('npu-wb-adb-');

  beforeAll(async () => {
    fake = await startFakeAdb([
      linux,
      androidRk3588('AND1'),
      unauthorizedBoard('UNAUTH1'),
      legacy,
      slow,
      vanishing,
      dropping,
    ]);
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists devices with state and model', async () => {
    const devices = await fake.adb.devices();
    expect(devices.find((d) => d.serial === 'LNX1')).toMatchObject({
      state: 'device',
      model: 'ROCK_5B',
      product: 'rk3588',
      usb: 'usb:1-1',
    });
    expect(devices.find((d) => d.serial === 'AND1')).toMatchObject({ state: 'device', model: 'rk3588_s' });
    expect(devices.find((d) => d.serial === 'UNAUTH1')).toMatchObject({ state: 'unauthorized', model: null });
    expect(fake.server.requests).toContain('host:devices-l');
  });

  it('gets exit codes and separate stderr over shell v2', async () => {
    const r = await fake.adb.shell('LNX1', 'cat /nope; echo out', 'testing');
    expect(r).toEqual({ stdout: 'out\n', stderr: 'cat: /nope: No such file or directory\n', exitCode: 0 });
    expect((await fake.adb.shell('LNX1', 'false', 'testing')).exitCode).toBe(1);
    expect((await fake.adb.shell('LNX1', 'no-such-tool', 'testing')).exitCode).toBe(127);
    expect(fake.server.requests.some((r) => r.startsWith('shell,v2,'))).toBe(true);
  });

  it('still gets exit codes from a legacy (v1) shell, where adb itself always exits 0', async () => {
    expect((await fake.adb.shell('LEGACY1', 'false', 'testing')).exitCode).toBe(1);
    expect((await fake.adb.shell('LEGACY1', 'echo hi', 'testing')).stdout).toBe('hi\n');
    expect(fake.server.requests).toContain('shell:echo hi\necho "__NPUWB_RC=$?"');
  });

  it('passes hostile strings through adb and the board shell as single words', async () => {
    for (const word of HOSTILE_STRINGS) {
      const r = await fake.adb.shell('LNX1', `echo ${shQuote(word)}`, 'echoing');
      expect(r.stdout).toBe(`${word}\n`);
    }
  });

  it('explains an unauthorized board, a missing board and an offline one', async () => {
    const unauthorized = await fake.adb.shell('UNAUTH1', 'true', 'testing').catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(BoardError);
    expect((unauthorized as BoardError).message).toMatch(/Board UNAUTH1 is unauthorized/);
    expect((unauthorized as BoardError).hint).toMatch(/Allow USB debugging/);
    await expect(fake.adb.shell('GHOST', 'true', 'reading the kernel version')).rejects.toThrow(
      /Board GHOST is not connected .*while reading the kernel version/,
    );
    const offline = new FakeBoard({ serial: 'OFF1', os: 'linux', state: 'offline' });
    fake.server.attach(offline);
    await expect(fake.adb.shell('OFF1', 'true', 'testing')).rejects.toThrow(/Board OFF1 is offline/);
    fake.server.detach(offline);
  });

  it('times out a command the board never answers', async () => {
    const started = Date.now();
    const error = (await fake.adb
      .shell('SLOW1', 'echo sleepy-marker', 'reading the NPU load', { timeoutMs: 800 })
      .catch((e: unknown) => e)) as BoardError;
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('Board SLOW1 gave no answer within 1 s while reading the NPU load');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('reports a board that vanishes mid-command as gone, not as empty output', async () => {
    await fake.adb.shell('VANISH1', 'echo first', 'first');
    const error = (await fake.adb
      .shell('VANISH1', 'uname -r', 'reading the kernel version')
      .catch((e: unknown) => e)) as BoardError;
    expect(error.reason).toBe('gone');
    expect(error.message).toMatch(/Board VANISH1 stopped answering while reading the kernel version/);
  });

  it('pushes files through the sync protocol', async () => {
    const local = path.join(dir, 'model weird name.rknn');
    const data = Buffer.alloc(200_000, 7);
    writeFileSync(local, data);
    const out = await fake.adb.push('LNX1', local, '/userdata/m.rknn');
    expect(out.bytes).toBe(200_000);
    expect(linux.files.get('/userdata/m.rknn')?.data.equals(data)).toBe(true);
  });

  it('reports a board that drops mid-transfer', async () => {
    const local = path.join(dir, 'big.bin');
    writeFileSync(local, Buffer.alloc(100_000, 1));
    const error = (await fake.adb.push('DROP1', local, '/tmp/big.bin').catch((e: unknown) => e)) as BoardError;
    expect(error.reason).toBe('gone');
    expect(error.message).toMatch(
      /^Board DROP1 disconnected while pushing .*big\.bin to \/tmp\/big\.bin \(100000 bytes\)/,
    );
    expect((await fake.adb.devices()).some((d) => d.serial === 'DROP1')).toBe(false);
  });

  it('connects network boards and tells a refused address', async () => {
    const net = linuxRk3588('192.168.7.2:5555');
    fake.server.network.set('192.168.7.2:5555', net);
    expect(await fake.adb.connect('192.168.7.2:5555')).toEqual({
      connected: true,
      message: 'connected to 192.168.7.2:5555',
    });
    expect((await fake.adb.devices()).find((d) => d.serial === '192.168.7.2:5555')?.state).toBe('device');
    expect((await fake.adb.shell('192.168.7.2:5555', 'uname -r', 'testing')).stdout).toBe('5.10.160-rockchip\n');
    expect(await fake.adb.connect('10.9.9.9:5555')).toEqual({
      connected: false,
      message: "failed to connect to '10.9.9.9:5555': Connection refused",
    });
    expect(await fake.adb.disconnect('192.168.7.2:5555')).toBe('disconnected 192.168.7.2:5555');
  });

  it('follows plug and unplug events through track-devices', async () => {
    const seen: string[][] = [];
    const tracker = trackDevices(fake.adb, (devices) => seen.push(devices.map((d) => `${d.serial}:${d.state}`)));
    const waitFor = async (predicate: () => boolean): Promise<void> => {
      for (let i = 0; i < 100 && !predicate(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(predicate()).toBe(true);
    };
    try {
      await waitFor(() => seen.length > 0);
      const plugged = linuxRk3588('HOTPLUG1');
      fake.server.attach(plugged);
      await waitFor(() => seen.at(-1)?.includes('HOTPLUG1:device') === true);
      fake.server.detach(plugged);
      await waitFor(() => seen.at(-1)?.includes('HOTPLUG1:device') === false);
    } finally {
      tracker.stop();
    }
  });

  it('says when the adb binary is missing', async () => {
    const broken = new AdbClient({ adbPath: path.join(dir, 'no-adb'), port: fake.port });
    await expect(broken.devices()).rejects.toThrow(/adb could not be started/);
  });
});
