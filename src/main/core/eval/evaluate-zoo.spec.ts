import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutZoo, type ZooModel } from '../../../../test/support/layout-zoo';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import type { HeadKind, RawTensor } from '../detect/detection-types';
import { decodeOutputs } from '../detect/yolo-decoders';
import { cutHeadFile } from '../onnx/head-surgery';
import { encodeOnnx, loadOnnx } from '../onnx/onnx-model';
import { evaluateOnnxModel } from './evaluate-model';

const zoo = layoutZoo();
const IMAGES = 40;
let data: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  data = path.join(dir, 'data.yaml');
  await writeDemoDataset(dir, { train: 0, val: IMAGES });
}, 120_000);

const byName = (name: string): ZooModel => zoo.models.find((m) => m.name === name)!;

async function run(file: string, input: Float32Array): Promise<RawTensor[]> {
  const session = await ort.InferenceSession.create(file);
  try {
    const size = zoo.models[0].imgsz;
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, size, size]) });
    return session.outputNames.map((name) => ({ name, dims: out[name].dims, data: out[name].data as Float32Array }));
  } finally {
    await session.release();
  }
}

describe('eval picks the decoder of every zoo layout by shape (and metadata), or refuses it', () => {
  for (const m of zoo.models.filter((x) => x.head !== 'refuse')) {
    const what = m.demoWeights ? ', a real detector on the demo data' : '';
    it(`${m.name} (${m.exporter}): head ${m.head}${what}`, async () => {
      // Seeded 80-class heads give thousands of candidates per image: a few images prove the decode.
      const limit = m.demoWeights ? undefined : 3;
      // Shapes two decoders fit alike are never decoded by a guess: eval names both and wants the head.
      if (m.pick)
        await expect(evaluateOnnxModel({ model: zoo.path(m), dataset: data, limit })).rejects.toThrow(
          `fit several decoders: ${m.pick.join(', ')}`,
        );
      const r = await evaluateOnnxModel({
        model: zoo.path(m),
        dataset: data,
        limit,
        head: m.pick && (m.head as HeadKind),
      });
      expect(r.head).toBe(m.head);
      expect(r.images).toBe(limit ?? IMAGES);
      // Seeded models score near 0; the trained demo weights (float and int8 alike) must detect. The end-to-end
      // models run one-to-many weights through the NMS-free tail, whose duplicates cost AP.
      if (m.demoWeights) expect(r.stats[1]).toBeGreaterThan(m.head === 'yolov10' ? 0.2 : 0.4);
    });
  }

  it('anchor-6out (reg [1,12,H,W], obj [1,3,H,W], cls [1,80,H,W]) is refused with what was found', async () => {
    await expect(evaluateOnnxModel({ model: zoo.path(byName('anchor-6out')), dataset: data })).rejects.toThrow(
      /No decoder fits the model outputs reg_16\[1,12,10,10\], obj_16\[1,3,10,10\], cls_16\[1,80,10,10\]/,
    );
    await expect(
      evaluateOnnxModel({ model: zoo.path(byName('anchor-6out')), dataset: data, head: 'split' }),
    ).rejects.toThrow(/Output layout \(head\) split does not fit the model outputs/);
  });

  for (const name of ['nanodet-m', 'gfl-nobatch', 'nanodet-plus']) {
    it(`${name}: the ${byName(name).head} decode equals the same weights decoded in torch (|Δ| < 1e-3)`, async () => {
      const m = byName(name);
      const input = Float32Array.from({ length: 3 * m.imgsz * m.imgsz }, (_, i) => ((i * 7919) % 1000) / 1000);
      const opts = { inputWidth: m.imgsz, inputHeight: m.imgsz };
      const outputs = await run(zoo.path(m), input);
      const ref = decodeOutputs(await run(path.join(zoo.dir, m.reference!), input), 'yolov8', opts);
      const worst = (head: HeadKind) => {
        const ours = decodeOutputs(outputs, head, opts);
        expect(ours.n).toBe(ref.n);
        let d = 0;
        ours.boxes.forEach((v, i) => (d = Math.max(d, Math.abs(v - ref.boxes[i]))));
        ours.scores.forEach((v, i) => (d = Math.max(d, Math.abs(v - ref.scores[i]))));
        return d;
      };
      expect(worst(m.head as HeadKind)).toBeLessThan(1e-3);
      // The other variant's priors are half a cell (4 px at stride 8) off: the comparison tells them apart.
      if (m.pick) expect(worst(m.head === 'nanodet' ? 'nanodet-m' : 'nanodet')).toBeGreaterThanOrEqual(4 - 1e-3);
    });
  }

  it('rtdetr: the detr decode returns the model’s own labels, boxes and scores (second input fed)', async () => {
    const m = byName('rtdetr');
    const session = await ort.InferenceSession.create(zoo.path(m));
    const input = new Float32Array(3 * m.imgsz * m.imgsz).fill(0.4);
    const out = await session.run({
      images: new ort.Tensor('float32', input, [1, 3, m.imgsz, m.imgsz]),
      orig_target_sizes: new ort.Tensor('int64', BigInt64Array.from([BigInt(m.imgsz), BigInt(m.imgsz)]), [1, 2]),
    });
    await session.release();
    const labels = Float32Array.from(out.labels.data as BigInt64Array, Number);
    const decoded = decodeOutputs(
      [
        { name: 'labels', dims: out.labels.dims, data: labels, integer: true },
        { name: 'boxes', dims: out.boxes.dims, data: out.boxes.data as Float32Array },
        { name: 'scores', dims: out.scores.dims, data: out.scores.data as Float32Array },
      ],
      'detr',
      { inputWidth: m.imgsz, inputHeight: m.imgsz },
    );
    expect(Array.from(decoded.final!.classes)).toEqual(Array.from(labels));
    expect(Array.from(decoded.boxes)).toEqual(Array.from(out.boxes.data as Float32Array));
  });

  it('a cut YOLOv5 fits two decoders by shape; the note surgery leaves picks one, without it eval asks', async () => {
    const cut = path.join(dir, 'yolov5-cut.onnx');
    await cutHeadFile(zoo.path(byName('yolov5')), cut, { preset: 'auto' });
    const r = await evaluateOnnxModel({ model: cut, dataset: data, limit: 2 });
    expect(r.head).toBe('yolov5-split');
    const bare = loadOnnx(cut);
    bare.metadataProps = [];
    await expect(evaluateOnnxModel({ model: encodeOnnx(bare), dataset: data, limit: 2 })).rejects.toThrow(
      /fit several decoders: yolov5-split, yolox-split/,
    );
  });
});

describe('AP unchanged by head surgery on the demo data (trained weights, float and int8)', () => {
  for (const m of zoo.models.filter((x) => x.demoWeights && x.surgery === 'yolov8')) {
    it(`${m.name}: the cut model's AP equals the full model's`, async () => {
      const out = path.join(dir, `${m.name}-cut.onnx`);
      await cutHeadFile(zoo.path(m), out, { preset: 'auto' });
      // One onnxruntime thread for both: int8 kernels under another thread count may round a value the other way.
      const full = (await evaluateOnnxModel({ model: zoo.path(m), dataset: data, threads: 1 })).stats;
      const cut = await evaluateOnnxModel({ model: out, dataset: data, threads: 1 });
      expect(cut.head).toBe('split');
      expect(Math.abs(cut.stats[0] - full[0])).toBeLessThanOrEqual(0.002);
      expect(Math.abs(cut.stats[1] - full[1])).toBeLessThanOrEqual(0.002);
    });
  }
});
