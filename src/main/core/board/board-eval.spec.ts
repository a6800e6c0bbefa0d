import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON, tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { evaluateOnnxModel } from '../eval/evaluate-model';
import { encodeOnnx, float32Tensor, TensorDataType } from '../onnx/onnx-model';
import { evaluateOnBoard } from './board-eval';
import { readNpyFloat32, writeNpy } from './npy-file';

const IMG = 64;
const NC = 4;

/**
 * A YOLOv8-layout detector ([1, 4+nc, anchors]) whose class scores depend on the pixels: fixed 16×16
 * boxes on an 8×8 grid, scores = sigmoid(8×8/stride-8 conv of the image). Small, deterministic, and
 * any mistake in the board input files (layout, channel order, scaling) changes its detections.
 */
function pixelDetector(): Uint8Array {
  const grid = IMG / 8;
  const cells = grid * grid;
  const boxes = new Float32Array(4 * cells);
  for (let j = 0; j < cells; j++) {
    boxes[j] = (j % grid) * 8 + 4;
    boxes[cells + j] = Math.floor(j / grid) * 8 + 4;
    boxes[2 * cells + j] = 16;
    boxes[3 * cells + j] = 16;
  }
  let seed = 7;
  const weights = Float32Array.from(
    { length: NC * 3 * 8 * 8 },
    () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.2,
  );
  const vi = (name: string, dims: number[]) => ({
    name,
    type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  return encodeOnnx({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'npu-workbench-test',
    graph: {
      name: 'pixel-detector',
      node: [
        {
          opType: 'Conv',
          input: ['images', 'w', 'b'],
          output: ['c'],
          attribute: [
            { name: 'strides', type: 7, ints: [8, 8] },
            { name: 'kernel_shape', type: 7, ints: [8, 8] },
          ],
        },
        { opType: 'Reshape', input: ['c', 'shape'], output: ['r'] },
        { opType: 'Sigmoid', input: ['r'], output: ['s'] },
        { opType: 'Concat', input: ['boxes', 's'], output: ['output0'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
      ],
      initializer: [
        float32Tensor('w', [NC, 3, 8, 8], weights),
        float32Tensor('b', [NC], new Float32Array(NC).fill(-1)),
        float32Tensor('boxes', [1, 4, cells], boxes),
        { name: 'shape', dims: [3], dataType: TensorDataType.INT64, int64Data: [1, NC, cells] },
      ],
      input: [vi('images', [1, 3, IMG, IMG])],
      output: [vi('output0', [1, 4 + NC, cells])],
      valueInfo: [],
    },
  });
}

describe('evaluateOnBoard (board AP through .npy files, as rknn inference exchanges them)', () => {
  const dir = tempDir('npu-wb-board-eval-');
  const model = path.join(dir, 'pixel-detector.onnx');
  const dataset = path.join(dir, 'ds');
  let session: ort.InferenceSession;

  beforeAll(async () => {
    writeFileSync(model, pixelDetector());
    await writeDemoDataset(dataset, { train: 0, val: 6 });
    session = await ort.InferenceSession.create(model);
  });
  afterAll(async () => {
    await session?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Stands in for the board: reads each NHWC uint8 input like librknnrt does, normalizes with the
   * model's mean 0 / std 255, runs the same network and writes float32 outputs, one .npy per output.
   */
  const hostAsBoard = async (inputs: string[], outDir: string): Promise<string[][]> => {
    mkdirSync(outDir, { recursive: true });
    const { readFile } = await import('node:fs/promises');
    const result: string[][] = [];
    for (const [i, file] of inputs.entries()) {
      const buf = await readFile(file);
      const pixels = buf.subarray(buf.length - IMG * IMG * 3);
      const nchw = new Float32Array(3 * IMG * IMG);
      for (let p = 0; p < IMG * IMG; p++) for (let c = 0; c < 3; c++) nchw[c * IMG * IMG + p] = pixels[p * 3 + c] / 255;
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', nchw, [1, 3, IMG, IMG]) });
      const files: string[] = [];
      for (const [k, name] of session.outputNames.entries()) {
        const f = path.join(outDir, `${i}_${k}.npy`);
        await writeNpy(f, '<f4', out[name].dims, out[name].data as Float32Array);
        files.push(f);
      }
      result.push(files);
    }
    return result;
  };

  it('gives exactly the host AP and detections when the board computes what the host computes', async () => {
    const options = { dataset: path.join(dataset, 'data.yaml'), imgsz: { width: IMG, height: IMG }, conf: 0.001 };
    const host = await evaluateOnnxModel({ ...options, model });
    const board = await evaluateOnBoard({ ...options, workDir: path.join(dir, 'work'), infer: hostAsBoard });
    expect(board.images).toBe(6);
    expect(board.detections.length).toBeGreaterThan(0);
    expect(board.detections).toEqual(host.detections);
    expect(board.stats).toEqual(host.stats);
  });

  it('fails clearly when the board returns fewer outputs than inputs', async () => {
    await expect(
      evaluateOnBoard({
        dataset: path.join(dataset, 'data.yaml'),
        imgsz: { width: IMG, height: IMG },
        workDir: path.join(dir, 'work2'),
        infer: async () => [],
      }),
    ).rejects.toThrow('The board returned outputs for 0 of 6 images');
  });

  it('round-trips .npy files through numpy', async () => {
    const f = path.join(dir, 'x.npy');
    await writeNpy(f, '<f4', [2, 3], new Float32Array([1, -2.5, 3, 4, 5, 6.25]));
    const { stdout } = await execa(SYSTEM_PYTHON, [
      '-c',
      `import numpy as n; a=n.load(${JSON.stringify(f)}); print(a.dtype, a.shape, a.tolist())`,
    ]);
    expect(stdout).toBe('float32 (2, 3) [[1.0, -2.5, 3.0], [4.0, 5.0, 6.25]]');
    const g = path.join(dir, 'y.npy');
    await execa(SYSTEM_PYTHON, [
      '-c',
      `import numpy as n; n.save(${JSON.stringify(g)}, n.array([[0.5, 2]], dtype=n.float16))`,
    ]);
    expect(await readNpyFloat32(g)).toEqual({ dims: [1, 2], data: new Float32Array([0.5, 2]) });
  });
});
