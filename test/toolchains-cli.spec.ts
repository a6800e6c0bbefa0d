import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIsAlive } from '../src/main/core/store/runs-repo';
import { FAKE_BIN, FAKE_RKNN_PATH, TINY_YOLO, tinyYoloOnnx } from './fakes/fake-toolchains';
import { cliArgs } from './support/run-cli';
import { SYSTEM_PYTHON, tempDir } from './support/temp-workspace';

const CLI = path.resolve(import.meta.dirname, '..', 'bin', 'npu-workbench.mjs');

/** doctor, surgery, run --from/--resume and runs export-script through the real CLI, with the fake toolchains. */
describe('npu-workbench toolchain commands', () => {
  const workspace = tempDir('npu-wb-tc-ws-');
  const dir = tempDir('npu-wb-tc-');
  const env = {
    NPU_WORKBENCH_PYTHON: SYSTEM_PYTHON,
    PYTHONPATH: FAKE_RKNN_PATH,
    PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH}`,
  };
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    execa(CLI, ['--workspace', workspace, ...args], { reject: false, env: { ...env, ...extra }, timeout: 120_000 });
  let model: string;
  const pidFile = path.join(dir, 'trtexec.pid');

  beforeAll(() => {
    model = tinyYoloOnnx(dir);
  }, 120_000);

  afterAll(() => {
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      if (processIsAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('doctor --json reports what it finds: python, packages, vendor CLIs and their versions', async () => {
    const out = await cli(['doctor', '--json']);
    expect(out.exitCode).toBe(0);
    const report = JSON.parse(out.stdout) as {
      interpreters: { selected: boolean; packages: Record<string, string | null>; version: string }[];
      tools: { name: string; version: string | null }[];
      checks: { id: string; level: string }[];
    };
    const selected = report.interpreters.find((i) => i.selected)!;
    expect(selected.version).toMatch(/^3\./);
    expect(selected.packages.onnx).toMatch(/^1\./);
    expect(selected.packages['rknn-toolkit2']).toBe('2.3.2-fake');
    expect(report.tools.find((t) => t.name === 'trtexec')?.version).toBe('10.3.0');
    expect(report.tools.find((t) => t.name === 'atc')?.version).toBeNull();
    expect(report.checks.find((c) => c.id === 'rknn-toolkit2')?.level).toBe('ok');
    const bad = await cli(['doctor', '--python', '/nonexistent/python3']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/FAIL Python interpreter \/nonexistent\/python3 could not be used/);
  });

  it('surgery writes the cut model and explains a wrong preset', async () => {
    const out = await cli(cliArgs('surgery', { model, preset: 'rknn9', out: path.join(dir, 'cut.onnx'), json: true }));
    expect(out.exitCode).toBe(0);
    expect((JSON.parse(out.stdout) as { outputs: unknown[] }).outputs).toHaveLength(9);
    const wrong = await cli(['surgery', '--model', model, '--preset', 'yolov5-raw', '--out', path.join(dir, 'x.onnx')]);
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toMatch(/preset yolov5-raw needs a YOLOv5 anchor head/);
  });

  it('export and convert as one-stage stored runs', async () => {
    const ts = path.join(dir, 'tiny.torchscript.pt');
    execFileSync(
      SYSTEM_PYTHON,
      [TINY_YOLO, 'v8', path.join(dir, 'ts-ref.onnx'), '--imgsz', '64', '--torchscript', ts],
      { stdio: 'ignore' },
    );
    const onnx = path.join(dir, 'exported.onnx');
    const exported = await cli(cliArgs('export', { weights: ts, out: onnx, imgsz: 64, backend: 'torch', json: true }));
    expect(exported.exitCode).toBe(0);
    expect((JSON.parse(exported.stdout) as { artifacts: { kind: string }[] }).artifacts.map((a) => a.kind)).toContain(
      'onnx',
    );

    writeFileSync(path.join(dir, 'trt-options.yaml'), 'flags:\n  fp16: true\n');
    const convert = (out: string, options: string, json = false) =>
      cli(cliArgs('convert', { backend: 'trt', model: onnx, out: path.join(dir, out), options, json }));
    const converted = await convert('m.engine', path.join(dir, 'trt-options.yaml'), true);
    expect(converted.exitCode).toBe(0);
    const run = JSON.parse(converted.stdout) as {
      backend: string;
      metrics: Record<string, number>;
      configText: string;
    };
    expect(run.backend).toBe('tensorrt');
    expect(run.metrics['trt.layers_FP16']).toBeGreaterThan(0);
    expect(run.configText).toContain('kind: convert-trt');

    writeFileSync(path.join(dir, 'bad-options.yaml'), 'flags: {fp17: true}\n');
    const bad = await convert('b.engine', path.join(dir, 'bad-options.yaml'));
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/stages.0.flags: unknown option fp17/);
  });

  it('run --json, run --from a stage, a crash mid-run marked interrupted, run --resume, runs export-script', async () => {
    const file = path.join(dir, 'trt.yaml');
    writeFileSync(
      file,
      `name: trt cli\nbackend: tensorrt\nstages:\n  - kind: surgery\n    model: ${path.basename(model)}\n    out: cut6.onnx\n    preset: rknn6\n  - kind: convert-trt\n    model: cut6.onnx\n    out: model.engine\n    flags: {fp16: true}\n`,
    );
    const first = await cli(['run', file, '--json']);
    expect(first.exitCode).toBe(0);
    const run = JSON.parse(first.stdout) as {
      id: number;
      status: string;
      stages: { status: string; finishedAt: string }[];
    };
    expect(run.status).toBe('succeeded');

    // History is immutable: --from makes a child run that keeps the surgery stage and runs convert-trt again.
    const again = await cli(['run', file, '--from', 'convert-trt', '--json']);
    const rerun = JSON.parse(again.stdout) as {
      id: number;
      parentRunId: number;
      status: string;
      stages: { finishedAt: string }[];
    };
    expect(rerun.id).not.toBe(run.id);
    expect(rerun.parentRunId).toBe(run.id);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.stages[0].finishedAt).toBe(run.stages[0].finishedAt);
    expect(rerun.stages[1].finishedAt > run.stages[1].finishedAt).toBe(true);
    const parentAfter = JSON.parse((await cli(['runs', 'show', String(run.id), '--json'])).stdout) as typeof run;
    expect(parentAfter.stages).toEqual(run.stages);
    const shown = await cli(['runs', 'show', String(rerun.id)]);
    expect(shown.stdout).toContain(`parent run ${run.id}`);

    // The workbench dies while trtexec hangs: the next start marks that child interrupted, --resume continues it
    // in a child of its own.
    const dying = execa(CLI, ['--workspace', workspace, 'run', file, '--from', '2'], {
      reject: false,
      env: { ...env, FAKE_TRT_MODE: 'hang', FAKE_TRT_PIDFILE: pidFile },
    });
    for (let i = 0; i < 600 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    dying.kill('SIGKILL');
    await dying;
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    const crashedId = rerun.id + 1;
    const listed = JSON.parse((await cli(['runs', 'show', String(crashedId), '--json'])).stdout) as {
      status: string;
      parentRunId: number;
      stages: { status: string }[];
    };
    expect(listed).toMatchObject({ status: 'interrupted', parentRunId: rerun.id });
    expect(listed.stages.map((s) => s.status)).toEqual(['succeeded', 'interrupted']);
    const resumed = JSON.parse((await cli(['run', file, '--resume', '--json'])).stdout) as {
      status: string;
      parentRunId: number;
    };
    expect(resumed).toMatchObject({ status: 'succeeded', parentRunId: crashedId });
    const crashedAfter = JSON.parse((await cli(['runs', 'show', String(crashedId), '--json'])).stdout) as {
      status: string;
    };
    expect(crashedAfter.status).toBe('interrupted');

    const script = await cli(['runs', 'export-script', String(run.id)]);
    expect(script.exitCode).toBe(0);
    expect(script.stdout).toContain(`BASE_DIR = os.environ.get("RUN_BASE_DIR", ${JSON.stringify(dir)})`);
    expect(script.stdout).toMatch(
      /subprocess\.run\(\["trtexec", "--onnx=" \+ p\("cut6\.onnx"\), "--saveEngine=" \+ o\("model\.engine"\).*"--fp16"\], check=True\)/,
    );
    const bad = await cli(['run', file, '--from', 'nope']);
    expect(bad.stderr).toMatch(/has no stage "nope"/);
  });
});
