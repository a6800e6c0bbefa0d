import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_ADB, startFakeAdb, type FakeAdbSetup } from '../../../../../test/fakes/fake-adb-harness';
import { linuxRk3588 } from '../../../../../test/fakes/fake-boards';
import { fakeToolkitRknnMeta } from '../../../../../test/fakes/fake-rknn-model';
import { FAKE_BIN, FAKE_RKNN_PATH, syntheticImages, TINY_YOLO } from '../../../../../test/fakes/fake-toolchains';
import { SYSTEM_PYTHON, tempDir, tempWorkspace } from '../../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../../api/workbench-service';
import { writeDemoDataset } from '../../data/demo-dataset';
import { evaluateOnnxModel } from '../../eval/evaluate-model';
import { detectHeadLayout } from '../../onnx/head-layout';
import { cutHeadFile } from '../../onnx/head-surgery';
import { loadOnnx } from '../../onnx/onnx-model';
import { exportRunScript } from '../export-script';
import { readRunLog } from '../run-logs';

let dir: string;
let ws: ReturnType<typeof tempWorkspace>;
let core: WorkbenchCore;
/** The board the rknn board stages' doctor preflight checks (serial fake-sn). */
let adb: FakeAdbSetup;

beforeAll(async () => {
  dir = tempDir();
  ws = tempWorkspace();
  adb = await startFakeAdb([linuxRk3588('fake-sn')]);
  ws.settings.update({
    pythonPath: SYSTEM_PYTHON,
    vendorRuntimeDirs: [FAKE_BIN],
    adbPath: REAL_ADB,
    adbServerPort: adb.port,
  });
  core = createWorkbenchCore(ws, 'browser');
  // The fake toolkit is importable only in this test process's children.
  process.env.PYTHONPATH = FAKE_RKNN_PATH;
  execFileSync(
    SYSTEM_PYTHON,
    [
      TINY_YOLO,
      'v8',
      path.join(dir, 'ref.onnx'),
      '--imgsz',
      '64',
      '--torchscript',
      path.join(dir, 'tiny.torchscript.pt'),
      '--state-dict',
      path.join(dir, 'tiny.state.pt'),
    ],
    { stdio: 'ignore' },
  );
  await syntheticImages(path.join(dir, 'images'), 5);
}, 120_000);

afterAll(async () => {
  delete process.env.PYTHONPATH;
  await core.close();
  await adb.stop();
  ws.cleanup();
});

/**
 * Runs `runs export-script`'s output for a run with the fake vendor tools (toolkit on PYTHONPATH, atc/trtexec on PATH).
 */
function replay(runId: number, env: Record<string, string> = {}, script?: string): string {
  const file = path.join(tempDir(), 'replay.py');
  writeFileSync(file, script ?? exportRunScript(ws, core.registry, runId));
  execFileSync(SYSTEM_PYTHON, [file], {
    cwd: path.dirname(file),
    env: {
      ...process.env,
      PYTHONPATH: FAKE_RKNN_PATH,
      PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH}`,
      RUN_BASE_DIR: dir,
      ...env,
    },
    stdio: 'pipe',
  });
  return path.dirname(file);
}

async function runYaml(
  yaml: string,
  env: Record<string, string> = {},
): Promise<{
  id: number;
  status: string;
  error: string | null;
  stages: { kind: string; status: string; error: string | null }[];
}> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const created = core.handlers['runs:create']({ configText: yaml, start: false }) as { id: number };
    core.runner.start(created.id, { baseDir: dir });
    await core.runner.whenDone(created.id);
    return core.handlers['runs:get']({ id: created.id }) as never;
  } finally {
    for (const k of Object.keys(env))
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  }
}

const RKNN_CONFIG = `config: {target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]]}`;

describe('RKNN pipeline through the job runner (fake rknn-toolkit2)', () => {
  const yaml = `name: rknn e2e
target: rk3588
backend: rknn
stages:
  - kind: export
    weights: tiny.torchscript.pt
    out: out/model.onnx
    imgsz: 64
    backend: torch
  - kind: surgery
    model: out/model.onnx
    out: out/cut.onnx
    preset: rknn9
  - kind: convert-rknn
    model: out/cut.onnx
    out: out/model.rknn
    ${RKNN_CONFIG}
    calibration: {images: images, count: 3}
  - kind: rknn-accuracy
    model: out/cut.onnx
    ${RKNN_CONFIG}
    calibration: {images: images, count: 3}
    target: rk3588
    deviceId: fake-sn
  - kind: rknn-board
    model: out/model.rknn
    target: rk3588
    deviceId: fake-sn
`;

  it('export → surgery → convert → board accuracy → board perf: stages, artifacts, metrics, layer errors', async () => {
    const run = await runYaml(yaml, { FAKE_RKNN_DEVICES: 'fake-sn' });
    expect(run.error).toBeNull();
    expect(run.stages.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(detectHeadLayout(loadOnnx(path.join(dir, 'out/model.onnx')))).toMatchObject({
      kind: 'yolov8',
      numClasses: 3,
    });
    const kinds = ws.artifacts.list(run.id).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['onnx', 'onnx-cut', 'rknn-model', 'rknn-error-analysis']));
    const sim = ws.layerErrors.list(run.id, 'vendor-sim');
    const board = ws.layerErrors.list(run.id, 'board');
    expect(sim.length).toBeGreaterThan(10);
    expect(board).toHaveLength(sim.length);
    expect(sim.map((r) => r.tensor)).toContain('score_sum_0');
    const metrics = ws.metrics.get(run.id);
    expect(metrics['rknn.calibration_images']).toBe(3);
    expect(metrics['board.latency_ms']).toBeGreaterThan(0);
    expect(metrics['board.total_memory']).toBeGreaterThan(0);
    expect(
      readFileSync(path.join(ws.dir, 'work', `run-${run.id}`, '2-rknn', 'dataset.txt'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);

    const script = exportRunScript(ws, core.registry, run.id);
    expect(script).toContain(
      'rknn.config(**{"target_platform": "rk3588", "mean_values": [[0, 0, 0]], "std_values": [[255, 255, 255]]})',
    );
    expect(script).toContain('check(rknn.build(dataset=dataset, **{"do_quantization": True}), "build")');
    expect(script).toContain('target="rk3588", device_id="fake-sn"');
    // The script replays the run with the vendor API alone (here: the fake toolkit) and rebuilds the .rknn.
    const workbenchCut = readFileSync(path.join(dir, 'out/cut.onnx'));
    const workbenchRknn = readFileSync(path.join(dir, 'out/model.rknn'));
    const replayDir = replay(run.id, { FAKE_RKNN_DEVICES: 'fake-sn' });
    const own = path.join(replayDir, `npu-workbench-run-${run.id}`);
    // The replay writes into its own folder: the run's files are untouched.
    expect(readFileSync(path.join(dir, 'out/cut.onnx')).equals(workbenchCut)).toBe(true);
    expect(readFileSync(path.join(dir, 'out/model.rknn')).equals(workbenchRknn)).toBe(true);
    // The script's own surgery (onnx package only) gives the workbench's cut, output for output.
    const image = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 3 * 64 * 64 }, (_, i) => (i % 255) / 255),
      [1, 3, 64, 64],
    );
    const [ours, theirs] = await Promise.all(
      [workbenchCut, readFileSync(path.join(own, 'out/cut.onnx'))].map(async (bytes) => {
        const session = await ort.InferenceSession.create(bytes);
        const out = await session.run({ images: image });
        await session.release();
        return out;
      }),
    );
    expect(Object.keys(theirs)).toEqual(Object.keys(ours));
    for (const name of Object.keys(ours)) {
      const a = ours[name].data as Float32Array;
      const b = theirs[name].data as Float32Array;
      expect(a.every((v, i) => Math.abs(v - b[i]) < 1e-6)).toBe(true);
    }
    expect(readFileSync(path.join(own, 'out/model.rknn')).subarray(0, 4).toString()).toBe('RKNN');
    expect(readFileSync(path.join(own, 'snapshot-4', 'error_analysis.txt'), 'utf8')).toMatch(/runtime_error/);
  });

  it('a toolkit crash fails the stage with the last lines, skips the rest; resume continues there', async () => {
    const crashed = await runYaml(yaml, { FAKE_RKNN_MODE: 'crash-build', FAKE_RKNN_DEVICES: 'fake-sn' });
    expect(crashed.status).toBe('failed');
    expect(crashed.stages.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'failed', 'skipped', 'skipped']);
    expect(crashed.stages[2].error).toMatch(/rknn_driver\.py was killed by SIGSEGV/);
    const artifactsBefore = ws.artifacts.list(crashed.id).length;

    const parentBefore = core.handlers['runs:get']({ id: crashed.id });
    Object.assign(process.env, { FAKE_RKNN_DEVICES: 'fake-sn' });
    const child = core.runner.resume(crashed.id, { baseDir: dir });
    await core.runner.whenDone(child.id);
    delete process.env.FAKE_RKNN_DEVICES;
    // History is immutable: the crashed run stays as it was; the child continues at the crashed stage.
    expect(core.handlers['runs:get']({ id: crashed.id })).toEqual(parentBefore);
    const resumed = core.handlers['runs:get']({ id: child.id }) as {
      status: string;
      parentRunId: number;
      stages: { status: string }[];
    };
    expect(resumed).toMatchObject({ status: 'succeeded', parentRunId: crashed.id });
    expect(resumed.stages.map((s) => s.status)).toEqual(Array(5).fill('succeeded'));
    // The kept stages' onnx is the parent's file, reused, not exported again.
    const onnx = ws.artifacts.list(child.id).filter((a) => a.kind === 'onnx');
    expect(onnx.map((a) => a.path)).toEqual(
      ws.artifacts
        .list(crashed.id)
        .filter((a) => a.kind === 'onnx')
        .map((a) => a.path),
    );
    expect(ws.artifacts.list(child.id).length).toBeGreaterThan(artifactsBefore);
    expect(ws.artifacts.list(crashed.id)).toHaveLength(artifactsBefore);
    expect(() => core.runner.resume(child.id)).toThrow(/only an interrupted, failed or cancelled run can be resumed/);

    // Re-run from a stage the way the UI does (no base dir given): the run's recorded folder is used.
    Object.assign(process.env, { FAKE_RKNN_DEVICES: 'fake-sn' });
    const again = (await core.dispatch('runs:rerun', { id: child.id, fromStage: 3 })) as { id: number };
    await core.runner.whenDone(again.id);
    delete process.env.FAKE_RKNN_DEVICES;
    expect(core.handlers['runs:get']({ id: again.id })).toMatchObject({ status: 'succeeded', parentRunId: child.id });
    expect((core.handlers['runs:get']({ id: child.id }) as { status: string }).status).toBe('succeeded');
  });

  it('creates the folder of an out: path before the toolkit exports into it', async () => {
    const run = await runYaml(
      'name: nested out\nstages:\n' +
        '  - kind: surgery\n    model: ref.onnx\n    out: out/cut-nested.onnx\n    preset: rknn6\n' +
        '  - kind: convert-rknn\n    model: out/cut-nested.onnx\n    out: build/rk3588/fresh/model.rknn\n' +
        `    ${RKNN_CONFIG}\n    calibration: {images: images, count: 2}\n`,
      {},
    );
    expect(run.error).toBeNull();
    expect(
      readFileSync(path.join(dir, 'build', 'rk3588', 'fresh', 'model.rknn'))
        .subarray(0, 4)
        .toString(),
    ).toBe('RKNN');
  });

  it('hybrid stage: validated layers, step 2, dtype change checked', async () => {
    const run = await runYaml(`name: hybrid
stages:
  - kind: surgery
    model: ref.onnx
    out: out/cut6.onnx
    preset: rknn6
  - kind: rknn-hybrid
    model: out/cut6.onnx
    out: out/hybrid.rknn
    ${RKNN_CONFIG}
    calibration: {images: images, count: 2}
    layers: {cls_1: float16}
`);
    expect(run.error).toBeNull();
    expect(ws.metrics.get(run.id)).toMatchObject({ 'rknn.hybrid_layers': 1, 'rknn.hybrid_layers_changed': 1 });
    const own = path.join(replay(run.id), `npu-workbench-run-${run.id}`);
    expect(fakeToolkitRknnMeta(path.join(own, 'out/hybrid.rknn')).custom_quantize_layers).toEqual({ cls_1: 'float16' });
    const bad = await runYaml(`name: hybrid-bad
stages:
  - kind: rknn-hybrid
    model: out/cut6.onnx
    out: out/hybrid2.rknn
    ${RKNN_CONFIG}
    calibration: {images: images, count: 2}
    layers: {images: float16}
`);
    expect(bad.stages[0].error).toMatch(/images is a model input/);
  });

  it('a run on an already cut model: surgery passes it through, the replay script copies it', async () => {
    await cutHeadFile(path.join(dir, 'ref.onnx'), path.join(dir, 'already-cut.onnx'), { preset: 'rknn9' });
    const run = await runYaml(
      'name: already cut\nstages:\n  - {kind: surgery, model: already-cut.onnx, out: out/pass.onnx, preset: auto}\n' +
        `  - kind: convert-rknn\n    model: out/pass.onnx\n    out: out/pass.rknn\n    ${RKNN_CONFIG}\n` +
        '    calibration: {images: images, count: 2}\n',
    );
    expect(run.error).toBeNull();
    const script = exportRunScript(ws, core.registry, run.id);
    expect(script).toContain('shutil.copyfile(p("already-cut.onnx"), o("out/pass.onnx"))');
    const own = path.join(replay(run.id), `npu-workbench-run-${run.id}`);
    expect(readFileSync(path.join(own, 'out/pass.onnx')).equals(readFileSync(path.join(dir, 'already-cut.onnx')))).toBe(
      true,
    );
    expect(readFileSync(path.join(own, 'out/pass.rknn')).subarray(0, 4).toString()).toBe('RKNN');
  });
});

describe('RKNN simulator AP through toolkit inference (fake rknn-toolkit2)', () => {
  it('letterboxes, runs the rknn simulator, decodes and scores with COCOeval', async () => {
    await writeDemoDataset(path.join(dir, 'demo'), { train: 0, val: 4 });
    const run = await runYaml(
      'name: rknn-ap\nstages:\n  - {kind: surgery, model: ref.onnx, out: out/cut6.onnx, preset: rknn6}\n' +
        `  - kind: rknn-eval\n    model: out/cut6.onnx\n    ${RKNN_CONFIG}\n    build: {do_quantization: false}\n` +
        '    calibration: {images: images, count: 2}\n    data: demo/data.yaml\n',
    );
    expect(run.error).toBeNull();
    const id = (run as { id: number }).id;
    const m = ws.metrics.get(id);
    expect(m['rknn_sim.images']).toBe(4);
    // Unquantized, the fake simulator runs the model in float, so rknn-eval (letterbox → NHWC uint8 → toolkit
    // inference → .npy → decode) must reproduce the evaluation core's own onnxruntime run detection for detection.
    const reference = await evaluateOnnxModel({
      model: path.join(dir, 'out/cut6.onnx'),
      dataset: path.join(dir, 'demo/data.yaml'),
      preset: 'rknn-model-zoo',
      head: 'split',
    });
    expect(reference.detections.length).toBeGreaterThan(0);
    expect(m['rknn_sim.map']).toBeCloseTo(reference.stats[0], 4);
    const [record] = ws.evaluations.list([id]);
    expect(record).toMatchObject({ variant: 'fp16', runtime: 'rknn-sim', stageKind: 'rknn-eval', images: 4 });
    expect(record.map).toBeCloseTo(reference.stats[0], 4);
    expect(record.preprocess).toEqual({ preset: 'rknn-model-zoo', imgsz: '64x64' });
    expect(record.dataset).toBe(reference.datasetFingerprint);
    const stored = ws.artifacts.list(id).find((a) => a.kind === 'rknn_sim-detections')!;
    const dets = JSON.parse(readFileSync(path.join(ws.dir, stored.path), 'utf8')) as typeof reference.detections;
    expect(dets).toHaveLength(reference.detections.length);
    dets.forEach((d, i) => {
      expect(d.image_id).toBe(reference.detections[i].image_id);
      expect(d.score).toBeCloseTo(reference.detections[i].score, 4);
      d.bbox.forEach((v, k) => expect(v).toBeCloseTo(reference.detections[i].bbox[k], 2));
    });
  });
});

describe('HiSilicon ATC pipeline (fake atc)', () => {
  it('converts with an image list and overrides the stride Mul in calibration_param.txt', async () => {
    const run = await runYaml(`name: atc
backend: atc
stages:
  - kind: convert-atc
    model: ref.onnx
    out: out/atc/model.om
    flags: {soc_version: SS928V100, compile_mode: 0}
    calibration: {images: images, count: 3}
    calibrationOverrides:
      - {layer: /head/Mul_2, calcDataType: S16, inputs: [{dataType: S16}]}
`);
    expect(run.error).toBeNull();
    const cal = readFileSync(path.join(dir, 'out/atc/calibration_param.txt'), 'utf8');
    expect(cal).toMatch(/name: "\/head\/Mul_2"\n {2}calc_data_type: S16/);
    expect(ws.metrics.get(run.id)['atc.layers_S16']).toBe(1);
    expect(ws.artifacts.list(run.id).map((a) => a.kind)).toEqual(
      expect.arrayContaining(['atc-om', 'atc-calibration-param', 'atc-atc-perf']),
    );
    expect(exportRunScript(ws, core.registry, run.id)).toMatch(/subprocess\.run\(\["atc", \*args\], check=True\)/);
    const original = readFileSync(path.join(dir, 'out/atc/model.om'));
    const script = exportRunScript(ws, core.registry, run.id);
    // The edited calibration_param.txt travels in the script: the workspace's work folder may be gone.
    rmSync(path.join(ws.dir, 'work', `run-${run.id}`), { recursive: true, force: true });
    const own = path.join(replay(run.id, {}, script), `npu-workbench-run-${run.id}`);
    expect(readFileSync(path.join(dir, 'out/atc/model.om')).equals(original)).toBe(true);
    expect(readFileSync(path.join(own, 'out/atc/model.om')).subarray(0, 7).toString()).toBe('fake-om');
    expect(readFileSync(path.join(own, 'calibration_param.edited.txt'), 'utf8')).toMatch(
      /name: "\/head\/Mul_2"\n {2}calc_data_type: S16/,
    );
  });

  it('a crash, a malformed calibration_param.txt and a hang each fail the stage clearly', async () => {
    const base = (mode: string, extra = ''): Promise<{ stages: { error: string | null }[] }> =>
      runYaml(
        `name: atc-${mode}\nstages:\n  - kind: convert-atc\n    model: ref.onnx\n    out: out/atc-${mode}/m.om\n` +
          `    calibration: {images: images, count: 1}\n${extra}`,
        { FAKE_ATC_MODE: mode },
      );
    expect((await base('crash')).stages[0].error).toMatch(/atc was killed by SIGSEGV/);
    expect((await base('malformed')).stages[0].error).toMatch(/calibration_param\.txt:\d+: /);
    expect((await base('hang', '    timeoutSec: 2\n')).stages[0].error).toMatch(/atc did not finish within 2 s/);
    expect((await base('fail')).stages[0].error).toMatch(/atc exited with code 1: .*not supported by SVP_NNN/);
  });
});

describe('TensorRT pipeline (fake trtexec)', () => {
  it('TensorRT 10: fp16 engine with per-layer precision and latency', async () => {
    const run = await runYaml(
      'name: trt\nstages:\n  - kind: convert-trt\n    model: ref.onnx\n' +
        '    out: out/trt/model.engine\n    flags: {fp16: true}\n',
    );
    expect(run.error).toBeNull();
    const m = ws.metrics.get(run.id);
    expect(m['trt.version_major']).toBe(10);
    expect(m['trt.layers_FP16']).toBeGreaterThan(0);
    expect(m['trt.latency_mean_ms']).toBeGreaterThan(0);
  });

  it('TensorRT 11 refuses precision flags with the fix; a QDQ model is the way', async () => {
    const refused = await runYaml(
      'name: trt11\nstages:\n  - kind: convert-trt\n    model: ref.onnx\n' +
        '    out: out/trt/m11.engine\n    flags: {int8: true}\n',
      { FAKE_TRT_VERSION: '11.0.0' },
    );
    expect(refused.stages[0].error).toMatch(
      /TensorRT 11\.0\.0 is strongly typed and no longer accepts --int8.*qdqModel/,
    );
    const ok = await runYaml(
      `name: trt11-ok\nstages:\n  - kind: convert-trt\n    model: ref.onnx\n    out: out/trt/m11b.engine\n`,
      { FAKE_TRT_VERSION: '11.0.0' },
    );
    expect(ok.error).toBeNull();
    expect(ws.metrics.get((ok as { id: number }).id)['trt.version_major']).toBe(11);
  });

  it("TensorRT 11 int8 from the simulator's QDQ model (analyse, then convert-trt qdqModel: artifact)", async () => {
    const run = await runYaml(
      'name: trt11-qdq\nstages:\n' +
        '  - kind: analyse\n    model: ref.onnx\n    calib: images\n    calibCount: 3\n    analysisCount: 1\n' +
        '  - kind: convert-trt\n    model: ref.onnx\n    qdqModel: artifact:qdq-model\n    out: out/trt/qdq.engine\n',
      { FAKE_TRT_VERSION: '11.0.0' },
    );
    expect(run.error).toBeNull();
    expect(ws.metrics.get((run as { id: number }).id)['trt.layers_INT8']).toBeGreaterThan(0);
    // The replay hands trtexec the stored QDQ model, not the literal "artifact:qdq-model".
    const script = exportRunScript(ws, core.registry, run.id);
    const qdq = ws.artifacts.list(run.id).find((a) => a.kind === 'qdq-model')!;
    expect(script).toContain(JSON.stringify(path.join(ws.dir, qdq.path)));
    expect(script).not.toContain('artifact:qdq-model');
    const original = readFileSync(path.join(dir, 'out/trt/qdq.engine'));
    const own = path.join(replay(run.id, { FAKE_TRT_VERSION: '11.0.0' }), `npu-workbench-run-${run.id}`);
    expect(readFileSync(path.join(own, 'out/trt/qdq.engine')).length).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'out/trt/qdq.engine')).equals(original)).toBe(true);
  });

  it('Polygraphy comparison: a pass, a tolerance failure stored as a result, and a crashed runner', async () => {
    const compare = (name: string, extra: string, env: Record<string, string> = {}) =>
      runYaml(`name: cmp-${name}\nstages:\n  - kind: compare-trt\n    model: ref.onnx\n${extra}`, env);
    const ok = (await compare('ok', '')) as { id: number; error: string | null };
    expect(ok.error).toBeNull();
    expect(ws.metrics.get(ok.id)).toMatchObject({ 'trt_compare.pass_rate': 1, 'trt_compare.output0.abs_max': 1e-6 });
    const fp16 = (await compare('fp16', '    trtFlags: [--fp16]\n')) as { id: number; error: string | null };
    expect(fp16.error).toBeNull();
    expect(ws.metrics.get(fp16.id)).toMatchObject({ 'trt_compare.pass_rate': 0, 'trt_compare.output0.abs_max': 0.002 });
    expect((await compare('crash', '', { FAKE_POLYGRAPHY_MODE: 'crash' })).stages[0].error).toMatch(
      /without an "Accuracy Summary" line/,
    );
  });

  it('crash, malformed profile JSON and a missing executable fail the stage clearly', async () => {
    const go = (
      name: string,
      env: Record<string, string>,
      extra = '',
    ): Promise<{ stages: { error: string | null }[] }> =>
      runYaml(
        `name: trt-${name}\nstages:\n  - kind: convert-trt\n    model: ref.onnx\n` +
          `    out: out/trt/${name}.engine\n${extra}`,
        env,
      );
    expect((await go('crash', { FAKE_TRT_MODE: 'crash' })).stages[0].error).toMatch(/trtexec was killed by SIGSEGV/);
    expect((await go('malformed', { FAKE_TRT_MODE: 'malformed' })).stages[0].error).toMatch(
      /profile\.json: not valid JSON/,
    );
    expect((await go('missing', {}, '    executable: /nonexistent/trtexec\n')).stages[0].error).toMatch(
      /trtexec was not found.*Install TensorRT/,
    );
  });
});

describe('export stage (real torch)', () => {
  it('exports a state dict through a named model class', async () => {
    mkdirSync(path.join(dir, 'out'), { recursive: true });
    const run = await runYaml(`name: export-sd
stages:
  - kind: export
    weights: tiny.state.pt
    out: out/sd.onnx
    imgsz: 64
    backend: torch
    modelClass: ${TINY_YOLO}:TinyYolo
    classKwargs: {arch: v8, nc: 3}
`);
    expect(run.error).toBeNull();
    expect(detectHeadLayout(loadOnnx(path.join(dir, 'out/sd.onnx')))).toMatchObject({ kind: 'yolov8', numClasses: 3 });
    const missing = await runYaml(
      'name: export-sd2\nstages:\n  - kind: export\n' +
        '    weights: tiny.state.pt\n    out: out/sd2.onnx\n    backend: torch\n',
    );
    expect(missing.stages[0].error).toMatch(/is a state dict; the network class is needed.*model_class/);

    // An Ultralytics checkpoint pickles classes from the ultralytics package; without it the fix is named.
    const pkg = path.join(tempDir(), 'ultralytics');
    mkdirSync(path.join(pkg, 'nn'), { recursive: true });
    writeFileSync(path.join(pkg, '__init__.py'), '');
    writeFileSync(
      path.join(pkg, 'nn', '__init__.py'),
      'import torch\nclass DetectionModel(torch.nn.Module):\n    pass\n',
    );
    execFileSync(SYSTEM_PYTHON, [
      '-c',
      `import sys, torch; sys.path.insert(0, ${JSON.stringify(path.dirname(pkg))}); ` +
        'from ultralytics.nn import DetectionModel; ' +
        `torch.save({"model": DetectionModel()}, ${JSON.stringify(path.join(dir, 'yolo-ckpt.pt'))})`,
    ]);
    const ckpt = await runYaml(
      `name: export-ckpt\nstages:\n  - kind: export\n    weights: yolo-ckpt.pt\n    out: out/ckpt.onnx\n`,
    );
    expect(ckpt.stages[0].error).toMatch(
      /yolo-ckpt\.pt needs the module ultralytics to unpickle \[fix: It is probably an Ultralytics checkpoint: install ultralytics/,
    );
  });
});

describe('RKNN simulator AP of a hybrid model (fake rknn-toolkit2)', () => {
  it('rebuilds through hybrid step 2 in the toolkit process that runs inference, and records the hybrid', async () => {
    await writeDemoDataset(path.join(dir, 'demo-hybrid'), { train: 0, val: 3 });
    const run = await runYaml(
      'name: rknn-hybrid-ap\nstages:\n  - {kind: surgery, model: ref.onnx, out: out/cut6.onnx, preset: rknn6}\n' +
        `  - kind: rknn-eval\n    model: out/cut6.onnx\n    ${RKNN_CONFIG}\n` +
        '    calibration: {images: images, count: 2}\n    data: demo-hybrid/data.yaml\n    keepFloat: [cls_1]\n',
    );
    expect(run.error).toBeNull();
    const id = (run as { id: number }).id;
    const log = ws.stages.list(id)[1];
    const lines = (await readRunLog(ws, id, 1)).map((l) => l.text).join('\n');
    expect(log.status).toBe('succeeded');
    expect(lines).toMatch(/hybrid: keeping 1 tensor\(s\) float16 \(cls_1\)/);
    const [record] = ws.evaluations.list([id]);
    expect(record).toMatchObject({
      variant: 'hybrid',
      label: 'w8a8 + 1 tensor float16',
      variantDetail: { base: 'w8a8', keepFloat: ['cls_1'], precision: 'float16' },
      runtime: 'rknn-sim',
      images: 3,
    });
    // The step-1 cfg the toolkit rebuilt from carries the keep-float layer.
    const cfg = readdirSync(path.join(ws.dir), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.quantization.cfg'));
    expect(cfg && readFileSync(path.join(ws.dir, cfg), 'utf8')).toMatch(
      /custom_quantize_layers:\s*\n?\s*cls_1: float16/,
    );
    const bad = await runYaml(
      `name: rknn-hybrid-bad\nstages:\n  - kind: rknn-eval\n    model: out/cut6.onnx\n    ${RKNN_CONFIG}\n` +
        '    calibration: {images: images, count: 2}\n    data: demo-hybrid/data.yaml\n    keepFloat: [images]\n',
    );
    expect(bad.stages[0].error).toMatch(/images is a model input/);
    expect(ws.evaluations.list([(bad as { id: number }).id])).toEqual([]);
  });
});
