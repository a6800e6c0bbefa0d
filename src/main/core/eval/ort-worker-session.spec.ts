import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../data/demo-dataset';
import { Float32Pool } from '../data/float32-pool';
import { decodeOnnx, encodeOnnx } from '../onnx/onnx-model';
import { openModelSession, readModelBytes, readModelInfo } from './model-session';
import { openWorkerSession } from './ort-worker-session';
import { demoModelPath } from './run-evaluation';

const model = () => {
  const { bytes, source } = readModelBytes(demoModelPath());
  return { bytes, source, info: readModelInfo(bytes, source) };
};

describe('onnxruntime session in a worker thread', () => {
  it('returns exactly what a main-thread session returns, and transfers the input it owns', async () => {
    const rnd = seededRandom(5);
    const dims = [1, 3, 160, 160];
    const N = 3 * 160 * 160;
    const input = Float32Array.from({ length: N }, () => rnd());
    const main = await openModelSession(demoModelPath(), 2);
    const expected = (await main.session.run({ images: new ort.Tensor('float32', input.slice(), dims) })).output0;
    await main.session.release();
    const inputPool = new Float32Pool();
    const worker = await openWorkerSession(model(), { threads: 2, inputDims: dims, inputPool });
    const sent = input.slice();
    try {
      expect(worker.intraOpThreads).toBe(2);
      expect(worker.inputType).toBe('float32');
      const [out] = await worker.run(input, dims);
      expect(input.length).toBe(0); // transferred to the worker, not copied
      expect(inputPool.take(N)).toEqual(sent); // and handed back for the next image
      expect(out.name).toBe('output0');
      expect(out.dims).toEqual(expected.dims);
      expect(Buffer.from(out.data.buffer).equals(Buffer.from((expected.data as Float32Array).buffer))).toBe(true);
      // A view into a larger buffer is copied, so the caller's buffer stays usable.
      const big = new Float32Array(2 * N);
      await worker.run(big.subarray(N), dims);
      expect(big.length).toBe(2 * N);
    } finally {
      await worker.release();
    }
  });

  it('reports onnxruntime errors of a run as a UserError naming the model', async () => {
    const worker = await openWorkerSession(model(), { threads: 1, inputDims: [1, 3, 160, 160] });
    try {
      await expect(worker.run(new Float32Array(3 * 32 * 32), [1, 3, 32, 32])).rejects.toThrow(
        `${demoModelPath()}: onnxruntime failed to run the model`,
      );
    } finally {
      await worker.release();
    }
  });

  it('turns a model onnxruntime cannot load (a valid protobuf with an unknown operator) into a UserError', async () => {
    const { bytes, info } = model();
    const broken = decodeOnnx(bytes);
    broken.graph.node[0].opType = 'NoSuchOperator';
    const source = 'broken.onnx';
    await expect(
      openWorkerSession({ bytes: encodeOnnx(broken), source, info }, { inputDims: [1, 3, 160, 160] }),
    ).rejects.toThrow(`${source}: onnxruntime cannot load the model`);
  });

  it('releases between runs: queued runs are refused, later runs reject, and the process survives', async () => {
    // terminate() during a run made onnxruntime's binding throw a C++ exception and abort the process.
    const dims = [1, 3, 160, 160];
    for (let round = 0; round < 12; round++) {
      const worker = await openWorkerSession(model(), { threads: 1, inputDims: dims });
      const runs = Array.from({ length: 4 }, () =>
        worker.run(new Float32Array(3 * 160 * 160), dims).then(
          () => 'done',
          (e: Error) => e.message,
        ),
      );
      await new Promise((r) => setTimeout(r, round % 4)); // release at different points of the first run
      await worker.release();
      const outcomes = await Promise.all(runs);
      expect(outcomes.filter((o) => o !== 'done').every((o) => o.includes('closing'))).toBe(true);
      await expect(worker.run(new Float32Array(3 * 160 * 160), dims)).rejects.toThrow('was released');
    }
  });
});
