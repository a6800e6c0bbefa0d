import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_ADB, startFakeAdb, type FakeAdbSetup } from '../../../../../../test/fakes/fake-adb-harness';
import { linuxRk3588 } from '../../../../../../test/fakes/fake-boards';
import { fakeRknnFile } from '../../../../../../test/fakes/fake-rknn-model';
import { FAKE_RKNN_PATH, syntheticImages } from '../../../../../../test/fakes/fake-toolchains';
import { SYSTEM_PYTHON, tempDir, tempWorkspace } from '../../../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../../../api/workbench-service';
import { writeDemoDataset } from '../../../data/demo-dataset';
import { evaluateOnnxModel } from '../../../eval/evaluate-model';
import { demoModelPath } from '../../../eval/run-evaluation';
import { prepareBoardToolRun } from './board-tool-run';

/**
 * rknn-toolkit2 board runs (rknn-accuracy with a target, rknn-board, board-eval) through the job
 * runner: the board doctor runs first, and the (fake) toolkit finds the board through the
 * workbench's adb server port — the fake toolkit has no device list of its own here, it asks the
 * adb server named by ANDROID_ADB_SERVER_PORT, like the real toolkit's adb.
 */
describe('toolkit board runs use the board doctor and the workbench adb server', () => {
  let fake: FakeAdbSetup;
  let core: WorkbenchCore;
  const ws = tempWorkspace();
  const dir = tempDir('npu-wb-boardruns-');
  const board = linuxRk3588('LNX1');
  const demoRknn = path.join(dir, 'demo.rknn');

  beforeAll(async () => {
    fake = await startFakeAdb([board]);
    ws.settings.update({ adbPath: REAL_ADB, adbServerPort: fake.port, pythonPath: SYSTEM_PYTHON });
    core = createWorkbenchCore(ws, 'browser');
    process.env.PYTHONPATH = FAKE_RKNN_PATH;
    await syntheticImages(path.join(dir, 'images'), 2, 160);
    await writeDemoDataset(path.join(dir, 'ds'), { train: 0, val: 12 });
    // The demo detector as the fake toolkit builds it for RK3588 (mean 0 / std 255, as rknn_model_zoo's YOLOv8).
    const build = `from rknn.api import RKNN
r = RKNN(); r.config(mean_values=[[0, 0, 0]], std_values=[[255, 255, 255]], target_platform="rk3588")
assert r.load_onnx(${JSON.stringify(demoModelPath())}) == 0 and r.build(do_quantization=False) == 0
assert r.export_rknn(${JSON.stringify(demoRknn)}) == 0`;
    execFileSync(SYSTEM_PYTHON, ['-c', build], {
      env: { ...process.env, PYTHONPATH: FAKE_RKNN_PATH },
      stdio: 'ignore',
    });
  }, 60_000);
  afterAll(async () => {
    delete process.env.PYTHONPATH;
    await core.close();
    await fake.stop();
    ws.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (stages: string): Promise<{ id: number; status: string; error: string | null; log: string }> => {
    const created = (await core.dispatch('runs:create', {
      configText: `name: board run\nstages:\n${stages}`,
      start: false,
    })) as { id: number };
    core.runner.start(created.id, { baseDir: dir });
    const done = await core.runner.whenDone(created.id);
    const log = ((await core.dispatch('runs:log', { id: created.id })) as { text: string }[])
      .map((l) => l.text)
      .join('\n');
    return { id: created.id, status: done.status, error: done.error, log };
  };
  const accuracyStage = (deviceId: string) => `  - kind: rknn-accuracy
    model: ${JSON.stringify(demoModelPath())}
    config: {target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]]}
    calibration: {images: images, count: 2}
    target: rk3588
    deviceId: ${deviceId}
`;

  it('prepareBoardToolRun puts the workbench adb first on PATH and its port in the env, keeping the rest', async () => {
    const { report, run: prepared } = await prepareBoardToolRun(
      ws.settings.get(),
      { python: SYSTEM_PYTHON, env: { PATH: '/opt/vendor/bin:/usr/bin', LD_LIBRARY_PATH: '/opt/vendor/lib' } },
      { serial: 'LNX1', toolkitVersion: '2.3.2' },
      () => undefined,
    );
    expect(report.serial).toBe('LNX1');
    expect(prepared.env).toEqual({
      PATH: '/usr/bin:/opt/vendor/bin:/usr/bin',
      LD_LIBRARY_PATH: '/opt/vendor/lib',
      ANDROID_ADB_SERVER_PORT: String(fake.port),
    });
  });

  it('rknn-accuracy and rknn-board stop at the doctor with a plain-words error when the board is missing', async () => {
    const before = fake.server.requests.length;
    const accuracy = await run(accuracyStage('GONE1'));
    expect(accuracy.status).toBe('failed');
    expect(accuracy.error).toMatch(/^Stage 1 \(rknn-accuracy\) failed: Board GONE1 is not connected\b/);
    const boardRun = await run(
      `  - kind: rknn-board\n    model: ${JSON.stringify(demoRknn)}\n    target: rk3588\n    deviceId: GONE1\n`,
    );
    expect(boardRun.error).toMatch(/^Stage 1 \(rknn-board\) failed: Board GONE1 is not connected\b/);
    expect(boardRun.error).toMatch(/Connected: LNX1 \(device\)/);
    // The toolkit never started: it would have asked the adb server for `host:devices` itself.
    expect(fake.server.requests.slice(before)).not.toContain('host:devices');
    expect(accuracy.log).not.toMatch(/Starting ntp or adb/);
  });

  it('rknn-board refuses a model built for another SoC before the toolkit runs', async () => {
    const other = fakeRknnFile(path.join(dir, 'rk3568.rknn'), 'rk3568');
    const result = await run(`  - kind: rknn-board\n    model: ${JSON.stringify(other)}\n    target: rk3588\n`);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /^Stage 1 \(rknn-board\) failed: Board LNX1 is not ready: The model was built for rk3568 but the board is rk3588: rknn_init fails with "E RKNNAPI: rknn_init, msg_load_ack fail/,
    );
  });

  it('the toolkit reaches the board through the workbench adb server (accuracy analysis, eval_perf)', async () => {
    const before = fake.server.requests.length;
    const commandsBefore = board.commandLog.length;
    const result = await run(
      `${accuracyStage('LNX1')}  - kind: rknn-board\n    model: ${JSON.stringify(demoRknn)}\n    target: rk3588\n`,
    );
    expect(result.error).toBeNull();
    expect(result.log).toMatch(
      /board LNX1: rk3588, Debian GNU\/Linux 11 \(bullseye\), rknn_server 2\.3\.2, librknnrt 2\.3\.2, host rknn-toolkit2 2\.3\.2-fake/,
    );
    expect(result.log).toMatch(/I Connect to Device success!/);
    // What only the toolkit sends (the workbench lists with `devices -l` and uses shell v2 with an rc marker).
    expect(fake.server.requests.slice(before)).toEqual(
      expect.arrayContaining(['host:devices', 'host:transport:LNX1', 'shell:pidof rknn_server']),
    );
    expect(board.commandLog.slice(commandsBefore)).toContain('pidof rknn_server');
    expect(ws.layerErrors.list(result.id, 'board').length).toBeGreaterThan(10);
    expect(ws.metrics.get(result.id)['board.latency_ms']).toBeGreaterThan(0);
  }, 60_000);

  it('board-eval runs the demo .rknn on the board; AP equals the float model (the fake board runs float)', async () => {
    const data = path.join(dir, 'ds', 'data.yaml');
    const float = await evaluateOnnxModel({
      model: demoModelPath(),
      dataset: data,
      imgsz: { width: 160, height: 160 },
      conf: 0.001,
    });
    const result = await run(
      `  - kind: board-eval\n    model: ${JSON.stringify(demoRknn)}\n    data: ${JSON.stringify(data)}\n` +
        '    imgsz: 160\n    conf: 0.001\n    limit: 12\n',
    );
    expect(result.error).toBeNull();
    const metrics = ws.metrics.get(result.id);
    expect(metrics['board.images']).toBe(12);
    expect(float.map).toBeGreaterThan(0.2);
    expect(Math.abs(metrics['board.map'] - float.map)).toBeLessThan(0.005);
    expect(Math.abs(metrics['board.map50'] - float.map50)).toBeLessThan(0.005);
    expect(result.log).toMatch(/board LNX1 \(rk3588\): mAP50-95 /);
    // The AP ledger: the .rknn on the board, with the board it ran on.
    const [record] = ws.evaluations.list([result.id]);
    expect(record).toMatchObject({
      stageKind: 'board-eval',
      variant: 'w8a8',
      label: 'w8a8 .rknn',
      runtime: 'rknn-board',
      runtimeDetail: { serial: 'LNX1', soc: 'rk3588', target: 'rk3588' },
      modelPath: demoRknn,
      images: 12,
      map: metrics['board.map'],
      preprocess: { preset: 'ultralytics', imgsz: '160x160' },
    });
    expect(record.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.perClass).toHaveLength(4);
  }, 90_000);
});
