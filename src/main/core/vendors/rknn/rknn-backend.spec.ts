import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeEnv, syntheticImages, tinyYoloOnnx } from '../../../../../test/fakes/fake-toolchains';
import { fakeToolkitRknnMeta } from '../../../../../test/fakes/fake-rknn-model';
import { SYSTEM_PYTHON, tempDir } from '../../../../../test/support/temp-workspace';
import { cutHeadFile } from '../../onnx/head-surgery';
import type { ToolRun } from '../../toolchains/backend';
import { DriverError } from '../../toolchains/python-driver';
import { rknnBackend, RknnOptionsSchema } from './rknn-backend';
import { parseQuantizationCfg } from './rknn-quantization-cfg';

let dir: string;
let model: string;
let images: string[];
const options = RknnOptionsSchema.parse({
  config: { target_platform: 'rk3588', mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]] },
});
const run = (extra: Record<string, string> = {}, more: Partial<ToolRun> = {}): ToolRun => ({
  python: SYSTEM_PYTHON,
  env: fakeEnv(extra),
  ...more,
});

beforeAll(async () => {
  dir = tempDir();
  model = path.join(dir, 'cut.onnx');
  await cutHeadFile(tinyYoloOnnx(dir), model, { preset: 'rknn6' });
  images = await syntheticImages(path.join(dir, 'images'), 4);
}, 120_000);

describe('rknnBackend with the fake toolkit', () => {
  it('converts: writes dataset.txt, builds and exports a .rknn', async () => {
    const out = path.join(dir, 'm.rknn');
    const progress: number[] = [];
    const outcome = await rknnBackend.convert(
      { model, out, calibrationImages: images, workDir: path.join(dir, 'w1'), options },
      run({}, { onProgress: (d) => progress.push(d) }),
    );
    expect(outcome.model).toBe(out);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('RKNN');
    expect(
      readFileSync(path.join(dir, 'w1', 'dataset.txt'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual(images);
    expect(outcome.artifacts).toEqual([{ kind: 'rknn-model', path: out }]);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('accuracy analysis on the simulator and on a board fills vendor-sim and board rows', async () => {
    const sim = await rknnBackend.accuracyAnalysis(
      {
        model,
        options,
        calibrationImages: images,
        workDir: path.join(dir, 'w2'),
        inputs: images.slice(0, 1),
        outputDir: path.join(dir, 'snap'),
      },
      run(),
    );
    expect(sim.analysis.hasRuntime).toBe(false);
    expect(sim.board).toBeNull();
    expect(sim.vendorSim.length).toBeGreaterThan(10);
    expect(sim.vendorSim.find((r) => r.tensor === 'box_0')).toMatchObject({
      opType: 'Conv',
      onnxNode: expect.stringMatching(/\/head\/cv2\.0\/cv2\.0\.2\/Conv/),
    });
    expect(
      sim.vendorSim.every(
        (r) => r.cosEntire !== null && r.cosEntire <= 1 && r.eucEntire !== null && r.eucSingle !== null,
      ),
    ).toBe(true);
    // int8 loses something somewhere: entire (accumulated) error is never better than single at the output.
    const box0 = sim.vendorSim.find((r) => r.tensor === 'box_0')!;
    expect(box0.cosSingle!).toBeLessThan(1);
    expect(box0.eucEntire!).toBeGreaterThanOrEqual(box0.eucSingle!);

    const board = await rknnBackend.accuracyAnalysis(
      {
        model,
        options,
        calibrationImages: images,
        workDir: path.join(dir, 'w3'),
        inputs: images.slice(0, 1),
        outputDir: path.join(dir, 'snap-board'),
        target: 'rk3588',
        deviceId: 'fake-serial',
      },
      run({ FAKE_RKNN_DEVICES: 'fake-serial' }),
    );
    expect(board.board?.length).toBe(board.vendorSim.length);
    expect(board.board?.[0].cosEntire).not.toBeNull();
  });

  it("a board that is not connected fails with the toolkit's E line and a hint", async () => {
    const err = (await rknnBackend
      .accuracyAnalysis(
        {
          model,
          options,
          calibrationImages: images,
          workDir: path.join(dir, 'w4'),
          inputs: images.slice(0, 1),
          outputDir: path.join(dir, 'snap-x'),
          target: 'rk3588',
          deviceId: 'gone',
        },
        run({ FAKE_RKNN_DEVICES: 'other' }),
      )
      .catch((e: unknown) => e)) as DriverError;
    expect(err).toBeInstanceOf(DriverError);
    expect(err.message).toMatch(
      /rknn\.accuracy_analysis\(\) returned -1 — rknn-toolkit2: E accuracy_analysis: Connect to Device Failure/,
    );
    expect(err.lastLines.join('\n')).toMatch(/Connect to Device Failure/);
    expect(err.hint).toMatch(/adb devices/);
  });

  it('hybrid: step 1 files, custom layers validated and patched, step 2 export, dtype change verified', async () => {
    const source = { model, options, calibrationImages: images, workDir: path.join(dir, 'hy') };
    const files = await rknnBackend.hybridStep1(source, run());
    expect(path.basename(files.cfg)).toBe('cut.quantization.cfg');
    await expect(rknnBackend.applyCustomLayers(files, { images: 'float16' }, ['images'])).rejects.toThrow(
      /images is a model input/,
    );
    await expect(rknnBackend.applyCustomLayers(files, { no_such_tensor: 'float16' })).rejects.toThrow(
      /no_such_tensor is not a tensor of this model/,
    );
    await rknnBackend.applyCustomLayers(files, { cls_0: 'float16' });
    expect(parseQuantizationCfg(readFileSync(files.cfg, 'utf8')).customLayers).toEqual({ cls_0: 'float16' });
    const out = path.join(dir, 'hybrid.rknn');
    const result = await rknnBackend.hybridStep2(files, source, out, images.slice(0, 1), run());
    expect(fakeToolkitRknnMeta(out).custom_quantize_layers).toEqual({ cls_0: 'float16' });
    expect(result.dtypeChecks).toEqual([
      { layer: 'cls_0', wanted: 'float16', status: 'changed', evidence: 'cls_0__float16', signal: 'row-name' },
    ]);
    const kept = result.accuracy.vendorSim.find((r) => r.tensor === 'cls_0__float16')!;
    expect(kept.cosSingle!).toBeGreaterThan(0.99999);
  });

  it('hybrid: a toolkit that keeps the row name is judged by the model record and the ≈ 1 single cos', async () => {
    const source = { model, options, calibrationImages: images, workDir: path.join(dir, 'hy-plain') };
    const files = await rknnBackend.hybridStep1(source, run());
    await rknnBackend.applyCustomLayers(files, { cls_0: 'float16' });
    const out = path.join(dir, 'hybrid-plain.rknn');
    const result = await rknnBackend.hybridStep2(
      files,
      source,
      out,
      images.slice(0, 1),
      run({ FAKE_RKNN_HYBRID_ROWS: 'plain' }),
    );
    expect(result.accuracy.analysis.rows.map((r) => r.tensor)).toContain('cls_0');
    expect(result.dtypeChecks).toEqual([
      {
        layer: 'cls_0',
        wanted: 'float16',
        status: 'changed',
        evidence: expect.stringMatching(
          /^model records float16, single cos 0\.99999\d*|^model records float16, single cos 1$/,
        ),
        signal: 'model-record',
      },
    ]);
  });

  it('a cfg edited by hand with an input name is refused by step 2 like the real toolkit', async () => {
    const source = { model, options, calibrationImages: images, workDir: path.join(dir, 'hy2') };
    const files = await rknnBackend.hybridStep1(source, run());
    writeFileSync(
      files.cfg,
      readFileSync(files.cfg, 'utf8').replace(
        'custom_quantize_layers: {}',
        'custom_quantize_layers:\n    images: float16',
      ),
    );
    const err = (await rknnBackend
      .hybridStep2(files, source, path.join(dir, 'h2.rknn'), images, run())
      .catch((e: unknown) => e)) as DriverError;
    expect(err.message).toMatch(
      /hybrid_quantization_step2\(\) returned -1 — rknn-toolkit2: E hybrid_quantization_step2: .*Invalid operands name 'images'/,
    );
  });

  it('board run: init_runtime, eval_perf, eval_memory and inference outputs as .npy', async () => {
    const npy = path.join(dir, 'in.npy');
    // NHWC uint8 1×64×64×3 .npy (v1.0 header) written by hand: the driver must accept plain numpy files.
    const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 64, 64, 3), }";
    const pad = 64 - ((10 + header.length + 1) % 64);
    const head = Buffer.concat([
      Buffer.from([0x93]),
      Buffer.from('NUMPY'),
      Buffer.from([1, 0]),
      Buffer.alloc(2),
      Buffer.from(`${header}${' '.repeat(pad)}\n`),
    ]);
    head.writeUInt16LE(head.length - 10, 8);
    writeFileSync(npy, Buffer.concat([head, Buffer.alloc(64 * 64 * 3, 7)]));
    const outcome = await rknnBackend.boardRun(
      {
        source: { model, options, calibrationImages: images, workDir: path.join(dir, 'b') },
        runtime: { target: 'rk3588', device_id: 'sn1' },
        perf: true,
        memory: true,
        inference: { inputs: [npy], outDir: path.join(dir, 'outs') },
      },
      run({ FAKE_RKNN_DEVICES: 'sn1' }),
    );
    expect(outcome.perf?.totalUs).toBe(outcome.perf?.layers.reduce((a, l) => a + l.timeUs, 0));
    expect(outcome.memory).toMatchObject({ total_memory: expect.any(Number) });
    expect(outcome.sdkVersion).toMatch(/RKNN VERSION/);
    expect(outcome.outputs[0]).toHaveLength(6);
  });

  it('a toolkit crash (SIGSEGV) and a hang become failed runs with the last lines', async () => {
    const w = path.join(dir, 'crash');
    const crash = (await rknnBackend
      .convert(
        { model, out: path.join(w, 'x.rknn'), calibrationImages: images, workDir: w, options },
        run({ FAKE_RKNN_MODE: 'crash-build' }),
      )
      .catch((e: unknown) => e)) as DriverError;
    expect(crash.message).toMatch(/rknn_driver\.py was killed by SIGSEGV/);
    expect(crash.lastLines).toContain('I Building model ...');
    const hang = (await rknnBackend
      .convert(
        { model, out: path.join(w, 'y.rknn'), calibrationImages: images, workDir: w, options },
        run({ FAKE_RKNN_MODE: 'hang-build' }, { timeoutMs: 2500 }),
      )
      .catch((e: unknown) => e)) as DriverError;
    expect(hang.message).toMatch(/did not finish within 3 s/);
  });

  it("names the toolkit's exception line as the cause, not the version banner that ends its report", async () => {
    const err = (await rknnBackend
      .convert(
        { model, out: path.join(dir, 'missing-folder', 'm.rknn'), calibrationImages: images, workDir: dir, options },
        run(),
      )
      .catch((e: unknown) => e)) as DriverError;
    expect(err.lastLines.at(-1)).toBe('E rknn-toolkit2 version: 2.3.2');
    expect(err.message).toMatch(
      /rknn\.export_rknn\(\) returned -1 — rknn-toolkit2: E export_rknn: FileNotFoundError: .*missing-folder/,
    );
    expect(err.message).not.toMatch(/version: 2\.3\.2/);
  });

  it('says how to install the toolkit when it is missing', async () => {
    const err = (await rknnBackend
      .convert(
        { model, out: path.join(dir, 'z.rknn'), calibrationImages: images, workDir: path.join(dir, 'w9'), options },
        { python: SYSTEM_PYTHON },
      )
      .catch((e: unknown) => e)) as DriverError;
    expect(err.message).toMatch(/rknn-toolkit2 is not installed in \/usr\/bin\/python3/);
    expect(err.hint).toMatch(/pip install rknn-toolkit2/);
  });
});
