import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue';
import { splitTrtBatch } from './trtexec-output';

describe('BatchQueue', () => {
  it('runs full batches at once and the rest after the caller goes quiet', async () => {
    const batches: number[][] = [];
    const queue = new BatchQueue<number, string>(
      3,
      async (items) => {
        batches.push(items);
        return items.map((i) => `out${i}`);
      },
      20,
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => queue.push(i)));
    expect(results).toEqual(['out1', 'out2', 'out3', 'out4', 'out5']);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("rejects every item of a failed batch with the runner's error", async () => {
    const queue = new BatchQueue<number, number>(2, () => Promise.reject(new Error('trtexec crashed')), 20);
    const settled = await Promise.allSettled([queue.push(1), queue.push(2), queue.push(3)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('splitTrtBatch', () => {
  it('gives each image its slice of a batched output with batch 1, and refuses outputs that are not batched', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i);
    const [a, b] = splitTrtBatch([{ name: 'output0', dims: [2, 2, 3], data }], 2, 'o.json');
    expect(a[0]).toMatchObject({ name: 'output0', dims: [1, 2, 3] });
    expect(Array.from(a[0].data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(b[0].data)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(() => splitTrtBatch([{ name: 'x', dims: [1, 12], data }], 2, 'o.json')).toThrow(
      /o\.json: output x has dimensions 1x12 for a batch of 2 images/,
    );
  });
});
