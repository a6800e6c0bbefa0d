import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDataset } from '../src/main/core/data/demo-dataset';
import { decodeOnnx, encodeOnnx, TensorDataType } from '../src/main/core/onnx/onnx-model';
import { openWorkspace } from '../src/main/core/workspace/workspace';
import { parseTrtExportOutput } from '../src/main/core/vendors/tensorrt/trtexec-output';
import { FAKE_BIN } from './fakes/fake-toolchains';
import { COMPARE_ROW_KEYS } from './support/compare-schema';
import { runCli, spawnCli } from './support/run-cli';
import { SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

const demoModel = path.resolve(import.meta.dirname, '../resources/demo/demo-yolov8.onnx');
/** The fake trtexec (test/fakes/bin) first on PATH: it builds engines that embed the ONNX and runs them in numpy. */
const withFakeTrt = (extra: Record<string, string> = {}) => ({
  PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
  ...extra,
});
let dir: string;

beforeAll(async () => {
  dir = tempDir('trt-eval-');
  await writeDemoDataset(path.join(dir, 'demo'), { train: 0, val: 12 });
}, 120_000);

/** The AP ledger records a CLI run stored in `ws`. */
function records(ws: string) {
  const workspace = openWorkspace(ws);
  try {
    return workspace.evaluations.list([1]);
  } finally {
    workspace.close();
  }
}

function runYaml(name: string, yaml: string, env: Record<string, string> = {}) {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  const ws = path.join(dir, `ws-${name}`);
  return { ws, out: runCli(['run', file, '--json', '--workspace', ws], withFakeTrt(env)) };
}

describe('tensorrt-eval: TensorRT engine AP through trtexec (fake trtexec)', () => {
  it('scores the engine like host onnxruntime on the same images and joins the AP ledger with its GPU', () => {
    const { ws, out } = runYaml(
      'ok',
      `name: trt ap\nstages:\n` +
        `  - {kind: eval, model: ${demoModel}, data: demo/data.yaml}\n` +
        `  - {kind: convert-trt, model: ${demoModel}, out: out/demo.engine, flags: {fp16: true}}\n` +
        `  - {kind: tensorrt-eval, data: demo/data.yaml}\n`,
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);

    const compare = runCli(['runs', 'compare', '1', '--json', '--workspace', ws]);
    expect(compare.code).toBe(0);
    const { reference, rows } = JSON.parse(compare.stdout);
    for (const row of rows) expect(Object.keys(row)).toEqual(COMPARE_ROW_KEYS);
    const [host, trt] = rows;
    expect(reference).toMatchObject({ variant: 'fp32', runtime: 'host-ort' });
    // The fake runs the engine's embedded ONNX in float and prints 6 significant digits, as trtexec does: the
    // letterbox → raw .bin → trtexec → exportOutput JSON → decode chain must give the host's AP.
    expect(trt).toMatchObject({ variant: 'fp16', runtime: 'tensorrt', dataset: host.dataset, images: 12 });
    expect(trt.map).toBeGreaterThan(0.2);
    expect(Math.abs(trt.map - host.map)).toBeLessThan(1e-3);
    expect(Math.abs(trt.map50 - host.map50)).toBeLessThan(1e-3);
    // Latency is trtexec's GPU Compute Time mean of the timing run (the fake's is 0.95 × its latency mean).
    expect(trt.latency_where).toBe('gpu');
    expect(trt.latency_ms).toBeGreaterThan(0);

    const record = records(ws).find((r) => r.runtime === 'tensorrt')!;
    expect(record).toMatchObject({ stageKind: 'tensorrt-eval', latencyMs: trt.latency_ms, latencyWhere: 'gpu' });
    expect(record.runtimeDetail).toEqual({
      gpu: 'NVIDIA GeForce RTX 4090',
      computeCapability: '8.9',
      tensorrt: '10.3.0',
      inputType: 'fp32',
    });

    const table = runCli(['ap-table', '1', '--workspace', ws]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/VARIANT\s+HOST ONNXRUNTIME\s+TENSORRT ENGINE/);
    expect(table.stdout).toMatch(new RegExp(`fp16\\s+${trt.map.toFixed(3)} \\([+−]0\\.00\\d\\)`));

    const list = runCli(['runs', 'list', '--json', '--workspace', ws]);
    expect(list.stdout).toContain('tensorrt');
    // The replay runs trtexec on the input the stage kept and gets the outputs it scored.
    const replayDir = tempDir();
    const script = path.join(replayDir, 'replay.py');
    expect(runCli(['runs', 'export-script', '1', '--out', script, '--workspace', ws]).code).toBe(0);
    expect(readFileSync(script, 'utf8')).toContain(`"--loadInputs='images':" + f`);
    execFileSync(SYSTEM_PYTHON, [script], { cwd: replayDir, env: { ...process.env, ...withFakeTrt() }, stdio: 'pipe' });
    const replayed = readFileSync(path.join(replayDir, 'npu-workbench-run-1', 'trt-outputs', '0.json'), 'utf8');
    expect(parseTrtExportOutput(replayed, '0.json').map((t) => t.dims)).toEqual([[1, 8, 525]]);
  }, 180_000);

  it('names the engine file and the fix for a missing or foreign engine, and a crashing trtexec', () => {
    const garbage = path.join(dir, 'garbage.engine');
    writeFileSync(garbage, 'not a plan');
    const stage = (engine: string) =>
      `name: bad\nstages:\n  - {kind: tensorrt-eval, engine: ${engine}, model: ${demoModel}, data: demo/data.yaml, ` +
      'variant: fp16, limit: 2}\n';
    const error = (name: string, yaml: string, env: Record<string, string> = {}) => {
      const { out } = runYaml(name, yaml, env);
      expect(out.code).not.toBe(0);
      return `${out.stdout}\n${out.stderr}`;
    };
    expect(error('missing', stage(path.join(dir, 'nope.engine')))).toMatch(
      /TensorRT engine not found: .*nope\.engine.*convert-trt/s,
    );
    expect(error('foreign', stage(garbage))).toMatch(
      /garbage\.engine: trtexec exited with code 1: .*Engine set up failed.*rebuild it here/s,
    );
    expect(error('noonnx', 'name: x\nstages:\n  - {kind: tensorrt-eval, engine: garbage.engine, data: d}\n')).toMatch(
      /needs the ONNX the engine was built from.*Set model:/s,
    );
    const builtYaml = (name: string, flags: string, evalOpts: string) =>
      `name: ${name}\nstages:\n  - {kind: convert-trt, model: ${demoModel}, out: out/${name}.engine${flags}}\n` +
      `  - {kind: tensorrt-eval, data: demo/data.yaml, limit: 2, latency: false${evalOpts}}\n`;
    const built = (name: string, flags: string, evalOpts: string, env: Record<string, string> = {}) =>
      runYaml(name, builtYaml(name, flags, evalOpts), env).out;
    // The ONNX given is not the engine's: its 128×128 input letterboxes to the wrong size for the 160×160 engine.
    const other = decodeOnnx(readFileSync(demoModel), demoModel);
    for (const d of other.graph.input[0].type?.tensorType?.shape?.dim?.slice(2) ?? []) d.dimValue = 128;
    writeFileSync(path.join(dir, 'other-128.onnx'), encodeOnnx(other));
    expect(error('size', builtYaml('size', '', ', model: other-128.onnx'))).toMatch(
      /size\.engine: the engine's input images takes 307200 bytes, the letterboxed fp32 image has 196608.*Give model: the ONNX/s,
    );
    // A DETR-style second input (orig_target_sizes, int64 [1, 2]) is refused before trtexec runs.
    const detr = decodeOnnx(readFileSync(demoModel), demoModel);
    detr.graph.input.push({
      name: 'orig_target_sizes',
      type: { tensorType: { elemType: TensorDataType.INT64, shape: { dim: [{ dimValue: 1 }, { dimValue: 2 }] } } },
    });
    writeFileSync(path.join(dir, 'detr-like.onnx'), encodeOnnx(detr));
    expect(error('detr', stage(garbage).replace(demoModel, 'detr-like.onnx'))).toMatch(
      /detr-like\.onnx has a second input orig_target_sizes.*evaluate this model with eval/s,
    );
    const crash = built('crash', '', '', { FAKE_TRT_MODE: 'crash-run' });
    expect(crash.code).not.toBe(0);
    expect(crash.stdout + crash.stderr).toMatch(/crash\.engine: trtexec was killed by SIGSEGV/);
    // An engine built with fp16 input bindings: the first image's size error tells, and auto switches to fp16.
    // TensorRT 11's banner (v110000); the engine has fp16 input bindings: the first image's size error tells, and
    // auto switches to fp16.
    const fp16In = built('fp16in', ', flags: {inputIOFormats: "fp16:chw"}', '', { FAKE_TRT_VERSION: '11.0.0' });
    expect(fp16In.code).toBe(0);
    expect(records(path.join(dir, 'ws-fp16in'))[0].runtimeDetail).toMatchObject({
      tensorrt: '11.0.0',
      inputType: 'fp16',
    });
    // Given explicitly, a wrong input type is an error naming the engine and the fix.
    expect(
      error(
        'fp32in',
        `name: fp32in\nstages:\n  - {kind: convert-trt, model: ${demoModel}, ` +
          'out: out/i.engine, flags: {inputIOFormats: "fp16:chw"}}\n' +
          '  - {kind: tensorrt-eval, data: demo/data.yaml, limit: 2, inputType: fp32}\n',
      ),
    ).toMatch(
      /i\.engine: the engine's input images takes 153600 bytes \(fp16\), not fp32 as inputType: says.*Set inputType: fp16/s,
    );
  }, 180_000);

  it("scores a cut split head (six outputs, exported in another order than the network's) like the host", () => {
    const { ws, out } = runYaml(
      'cut',
      `name: cut\nstages:\n  - {kind: surgery, model: ${demoModel}, out: out/cut6.onnx, preset: rknn6}\n` +
        '  - {kind: eval, model: out/cut6.onnx, data: demo/data.yaml}\n' +
        '  - {kind: convert-trt, model: out/cut6.onnx, out: out/cut6.engine}\n' +
        '  - {kind: tensorrt-eval, data: demo/data.yaml, latency: false}\n',
    );
    expect(out.code).toBe(0);
    const [host, trt] = records(ws);
    expect(trt).toMatchObject({ runtime: 'tensorrt', variant: 'fp32', dataset: host.dataset });
    expect(Math.abs(trt.map - host.map)).toBeLessThan(1e-3);
    expect(trt.map).toBeGreaterThan(0.2);
  }, 180_000);

  it('runs a dynamic-batch engine five images per trtexec, a partial last batch included', () => {
    // The demo model with a dynamic batch dimension on its input and output (same weights, same graph).
    const model = decodeOnnx(readFileSync(demoModel), demoModel);
    for (const v of [model.graph.input[0], model.graph.output[0]]) {
      const dim = v.type!.tensorType!.shape!.dim![0];
      delete dim.dimValue;
      dim.dimParam = 'batch';
    }
    writeFileSync(path.join(dir, 'dynamic.onnx'), encodeOnnx(model));
    const shapes =
      '{minShapes: "images:1x3x160x160", optShapes: "images:4x3x160x160", maxShapes: "images:5x3x160x160"}';
    const yaml = (name: string, batch: number, flags = `, flags: ${shapes}`) =>
      `name: ${name}\nstages:\n  - {kind: convert-trt, model: dynamic.onnx, out: out/${name}.engine${flags}}\n` +
      `  - {kind: tensorrt-eval, data: demo/data.yaml, batch: ${batch}, latency: false}\n`;
    const reference = `  - {kind: eval, model: ${demoModel}, data: demo/data.yaml}\n`;
    const { ws, out } = runYaml('batch', yaml('batch', 5).replace('stages:\n', `stages:\n${reference}`));
    expect(out.code).toBe(0);
    const [host, trt] = records(ws);
    expect(trt).toMatchObject({ runtime: 'tensorrt', dataset: host.dataset, images: 12 });
    expect(Math.abs(trt.map - host.map)).toBeLessThan(1e-3);
    const log = readFileSync(path.join(ws, 'logs', 'run-1', '2-tensorrt-eval.log'), 'utf8');
    expect(log).toContain("--shapes='images':5x3x160x160");
    // Beyond the engine's profile, and on an engine with a fixed batch, the error says what to change.
    const tooBig = runYaml('toobig', yaml('toobig', 8)).out;
    expect(tooBig.stdout + tooBig.stderr).toMatch(
      /toobig\.engine: trtexec exited with code 1: .*outside the optimization profile/s,
    );
    const fixed = runYaml('fixed', yaml('fixed', 4, '').replace('model: dynamic.onnx', `model: ${demoModel}`)).out;
    expect(fixed.stdout + fixed.stderr).toMatch(
      /batch of 4 images has 1228800.*batch: > 1 needs an engine with a dynamic batch/s,
    );
  }, 180_000);

  it('scores an int8 (QDQ) engine like the built-in simulator scores the same QDQ model', () => {
    const { ws, out } = runYaml(
      'qdq',
      'name: qdq\nstages:\n' +
        '  - {kind: analyse, model: demo, calib: demo/images/val, data: demo/data.yaml, dtype: w8a16, calibCount: 8, ' +
        'candidates: 1, evalCount: 8}\n' +
        `  - {kind: convert-trt, model: ${demoModel}, qdqModel: artifact:qdq-model, out: out/qdq.engine}\n` +
        '  - {kind: tensorrt-eval, data: demo/data.yaml, limit: 8, latency: false}\n',
    );
    expect(out.code).toBe(0);
    const all = records(ws);
    const sim = all.find((r) => r.runtime === 'builtin-sim' && r.variant === 'w8a16' && r.role === 'measured')!;
    const trt = all.find((r) => r.runtime === 'tensorrt')!;
    // The variant comes from the analyse stage whose QDQ model the engine was built from.
    expect(trt).toMatchObject({ variant: 'w8a16', dataset: sim.dataset, images: 8 });
    expect(Math.abs(trt.map - sim.map)).toBeLessThan(1e-3);
    // …and the fake's Q/DQ is not a float pass-through: w8a16 loses AP against fp32 on these images.
    const fp32 = all.find((r) => r.variant === 'fp32')!;
    expect(fp32.map - trt.map).toBeGreaterThan(5e-3);
  }, 180_000);

  it('cancel (Ctrl-C) stops the trtexec it is waiting for', async () => {
    const pidFile = path.join(dir, 'trtexec.pid');
    const yaml = path.join(dir, 'hang.yaml');
    writeFileSync(
      yaml,
      `name: hang\nstages:\n  - {kind: convert-trt, model: ${demoModel}, out: out/h.engine}\n` +
        '  - {kind: tensorrt-eval, data: demo/data.yaml, limit: 2}\n',
    );
    const child = spawnCli(
      ['run', yaml, '--workspace', path.join(dir, 'ws-hang')],
      withFakeTrt({ FAKE_TRT_MODE: 'hang-run', FAKE_TRT_PIDFILE: pidFile }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 600 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    child.kill('SIGINT');
    expect(await exited).not.toBe(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  }, 120_000);
});
