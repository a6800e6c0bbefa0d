import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardDevice } from '../../../shared/contract';
import { REAL_ADB, startFakeAdb, type FakeAdbSetup } from '../../../../test/fakes/fake-adb-harness';
import { fakeRknnBenchmarkBinary, linuxRk3588 } from '../../../../test/fakes/fake-boards';
import { SYSTEM_PYTHON } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { fakeRknnFile } from '../../../../test/fakes/fake-rknn-model';
import { tempDir, tempWorkspace } from '../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from './workbench-service';

describe('board contract calls and the board-latency stage', () => {
  let fake: FakeAdbSetup;
  let core: WorkbenchCore;
  const ws = tempWorkspace();
  const dir = tempDir('npu-wb-boardapi-');
  const board = linuxRk3588('LNX1', {}, { files: { '/usr/bin/rknn_benchmark': fakeRknnBenchmarkBinary() } });

  beforeAll(async () => {
    fake = await startFakeAdb([board]);
    ws.settings.update({ adbPath: REAL_ADB, adbServerPort: fake.port, pythonPath: SYSTEM_PYTHON });
    core = createWorkbenchCore(ws, 'browser');
  });
  afterAll(async () => {
    await core.dispatch('board:watch', { enabled: false });
    await core.close();
    await fake.stop();
    ws.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists boards with the adb it used', async () => {
    const list = (await core.dispatch('board:list', undefined)) as {
      adbPath: string;
      serverPort: number;
      devices: BoardDevice[];
    };
    expect(list).toMatchObject({ adbPath: REAL_ADB, serverPort: fake.port });
    expect(list.devices.map((d) => d.serial)).toEqual(['LNX1']);
  });

  it('pushes board:devices events while watching, and one-click connect adds the network board', async () => {
    const events: string[][] = [];
    const off = core.bus.on('board:devices', ({ devices }) =>
      events.push(devices.map((d) => `${d.serial}:${d.state}`)),
    );
    try {
      expect(await core.dispatch('board:watch', { enabled: true })).toEqual({ watching: true });
      const net = linuxRk3588('10.0.0.8:5555');
      fake.server.network.set('10.0.0.8:5555', net);
      const connected = (await core.dispatch('board:connect', { address: '10.0.0.8' })) as {
        connected: boolean;
        device: BoardDevice | null;
      };
      expect(connected.connected).toBe(true);
      expect(connected.device).toMatchObject({ serial: '10.0.0.8:5555', state: 'device', usb: null });
      fake.server.detach(net);
      for (let i = 0; i < 100 && !(events.length >= 2 && !events.at(-1)!.includes('10.0.0.8:5555:device')); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(events.some((e) => e.includes('10.0.0.8:5555:device'))).toBe(true);
      expect(events.at(-1)).toEqual(['LNX1:device']);
    } finally {
      off();
    }
  });

  it('pushes a file to the board', async () => {
    const local = path.join(dir, 'weights.bin');
    writeFileSync(local, Buffer.alloc(3000, 9));
    expect(
      await core.dispatch('board:push', { serial: 'LNX1', localPath: local, remotePath: '/userdata/w.bin' }),
    ).toMatchObject({ remotePath: '/userdata/w.bin', bytes: 3000 });
    expect(board.files.get('/userdata/w.bin')?.data.length).toBe(3000);
  });

  it('rejects bad input at the boundary', async () => {
    await expect(core.dispatch('board:connect', { address: '' })).rejects.toThrow(/Invalid input for board:connect/);
    // No runtime anywhere (no folder configured, no toolkit clone in $HOME): an error about the runtimeDir field.
    await expect(core.dispatch('board:fixRuntime', { serial: 'LNX1' })).rejects.toMatchObject({
      message: expect.stringMatching(/^No rknn-toolkit2 runtime folder \(rknpu2\/runtime\) was found on this computer/),
      field: 'runtimeDir',
    });
    ws.settings.update({ vendorRuntimeDirs: [dir] });
    await expect(core.dispatch('board:fixRuntime', { serial: 'LNX1' })).rejects.toThrow(
      `with a copy for this board (looked in ${dir})`,
    );
    ws.settings.update({ vendorRuntimeDirs: [] });
  });

  it('runs a board-latency stage and stores latency metrics and the benchmark log with the run', async () => {
    const model = fakeRknnFile(path.join(dir, 'yolov8n.rknn'), 'rk3588');
    const configText =
      'name: latency on board\ntarget: rk3588\nbackend: rknn\nstages:\n' +
      `  - kind: board-latency\n    model: ${JSON.stringify(model)}\n    loops: 12\n`;
    const created = (await core.dispatch('runs:create', { configText })) as { id: number };
    const done = await core.runner.whenDone(created.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const metrics = ws.metrics.get(created.id);
    expect(Object.keys(metrics).sort()).toEqual([
      'board.benchmark_fps',
      'board.benchmark_ms',
      'board.benchmark_ms_max',
      'board.benchmark_ms_min',
      'board.benchmark_ms_p50',
      'board.benchmark_ms_p90',
    ]);
    expect(metrics['board.benchmark_ms_min']).toBeLessThanOrEqual(metrics['board.benchmark_ms']);
    expect(metrics['board.benchmark_fps']).toBeCloseTo(1000 / metrics['board.benchmark_ms'], 6);
    expect(ws.artifacts.list(created.id).map((a) => a.kind)).toEqual(['board-benchmark-log']);
    expect(board.files.has('/userdata/npu-workbench/yolov8n.rknn')).toBe(true);
  });

  it('fails the stage with the board error when the model is for another SoC and the runtime rejects it', async () => {
    const bad = path.join(dir, 'garbage.rknn');
    writeFileSync(bad, 'not a model');
    const configText =
      `name: bad model\nstages:\n  - kind: board-latency\n    model: ${JSON.stringify(bad)}\n` + '    serial: LNX1\n';
    const created = (await core.dispatch('runs:create', { configText })) as { id: number };
    const done = await core.runner.whenDone(created.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(
      /rknn_benchmark on board LNX1 failed \(exit 255\): the file is not a valid \.rknn model/,
    );
  });

  it('board-eval stops before the toolkit when the board doctor finds errors', async () => {
    const old = linuxRk3588('OLDRT1', { server: '1.5.2', runtime: '1.5.2', serverRunning: false });
    fake.server.attach(old);
    try {
      const model = fakeRknnFile(path.join(dir, 'm.rknn'), 'rk3588');
      const configText =
        `name: board AP\nstages:\n  - kind: board-eval\n    model: ${JSON.stringify(model)}\n` +
        `    data: ${JSON.stringify(dir)}\n    serial: OLDRT1\n`;
      const done = await core.runner.whenDone(
        ((await core.dispatch('runs:create', { configText })) as { id: number }).id,
      );
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(
        /^Stage 1 \(board-eval\) failed: Board OLDRT1 is not ready: rknn_server \(\/usr\/bin\/rknn_server\) is installed but not running: the toolkit would print "E RKNNAPI: rknn_init, {2}server connect fail!/,
      );
      expect(done.error).toMatch(/\(and 1 more: model_newer_than_runtime|\(and 1 more: runtime_too_old/);
    } finally {
      fake.server.detach(old);
    }
  });

  it('board-eval hands a healthy board to rknn-toolkit2 (init_runtime target rk3588, device_id = serial)', async () => {
    const data = path.join(dir, 'ds');
    await writeDemoDataset(data, { train: 0, val: 2 });
    const model = fakeRknnFile(path.join(dir, 'ok.rknn'), 'rk3588');
    const configText =
      `name: board AP\nstages:\n  - kind: board-eval\n    model: ${JSON.stringify(model)}\n` +
      `    data: ${JSON.stringify(path.join(data, 'data.yaml'))}\n    imgsz: 64\n`;
    const done = await core.runner.whenDone(
      ((await core.dispatch('runs:create', { configText })) as { id: number }).id,
    );
    // The machine has no rknn-toolkit2, so the run reaches the toolkit and fails there, with its install hint.
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/rknn-toolkit2 is not installed in \/usr\/bin\/python3/);
    const log = (await core.dispatch('runs:log', { id: done.id })) as { text: string }[];
    expect(log.map((l) => l.text).join('\n')).toMatch(
      /board LNX1: rk3588, Debian GNU\/Linux 11 \(bullseye\), rknn_server 2\.3\.2, librknnrt 2\.3\.2/,
    );
  });
});
