import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDataset } from '../data/demo-dataset';
import { UserError } from '../errors/user-error';
import { evaluateOnnxModel, evaluateWithRunner } from './evaluate-model';
import { openModelSession } from './model-session';
import * as ort from 'onnxruntime-node';
import type { RawTensor } from '../detect/detection-types';

// One seeded TinyYOLOv8 (resources/demo/tiny_yolov8.py, built by torch) exported in three layouts:
// the official single output, the rknn split head with sigmoid, and the split head with raw logits.
// Same weights → the yolov8 and split decoders must produce the same detections.
const PY = '/usr/bin/python3';
const script = path.resolve(import.meta.dirname, '../../../../resources/demo/export_layouts.py');
let models: string;
let data: string;

beforeAll(async () => {
  models = mkdtempSync(path.join(os.tmpdir(), 'layouts-'));
  data = mkdtempSync(path.join(os.tmpdir(), 'eval-data-'));
  await Promise.all([
    execa(PY, [script, '--out-dir', models], { timeout: 120_000 }),
    writeDemoDataset(data, { train: 0, val: 5 }),
  ]);
}, 180_000);

const top = (dets: { image_id: number; category_id: number; bbox: number[]; score: number }[]) =>
  [...dets].sort((a, b) => b.score - a.score || a.image_id - b.image_id).slice(0, 40);

describe('evaluateOnnxModel on a torch-built TinyYOLOv8', () => {
  it('gives the same detections through the yolov8 decoder and both split-head variants', async () => {
    const single = await evaluateOnnxModel({ model: path.join(models, 'single.onnx'), dataset: data, conf: 0.01 });
    const split = await evaluateOnnxModel({ model: path.join(models, 'split.onnx'), dataset: data, conf: 0.01 });
    const logits = await evaluateOnnxModel({
      model: path.join(models, 'split-logits.onnx'),
      dataset: data,
      conf: 0.01,
    });
    expect([single.head, split.head, logits.head]).toEqual(['yolov8', 'split', 'split']);
    expect(single.detections.length).toBeGreaterThan(50);
    for (const other of [split, logits]) {
      expect(other.detections.length).toBe(single.detections.length);
      const a = top(single.detections);
      const b = top(other.detections);
      a.forEach((d, i) => {
        expect(b[i].category_id).toBe(d.category_id);
        expect(b[i].score).toBeCloseTo(d.score, 4);
        d.bbox.forEach((v, j) => expect(Math.abs(b[i].bbox[j] - v)).toBeLessThan(0.01));
      });
      expect(other.map).toBeCloseTo(single.map, 6);
    }
    expect(single.images).toBe(5);
  });

  it('accepts model bytes, reports progress, honours limit and maps boxes into the original image', async () => {
    const seen: number[] = [];
    const r = await evaluateOnnxModel({
      model: readFileSync(path.join(models, 'single.onnx')),
      dataset: data,
      limit: 3,
      onProgress: (d) => seen.push(d),
    });
    expect(r.images).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    for (const d of r.detections) {
      expect(d.bbox[0]).toBeGreaterThanOrEqual(0);
      expect(d.bbox[1]).toBeGreaterThanOrEqual(0);
      expect(d.bbox[0] + d.bbox[2]).toBeLessThanOrEqual(224.001);
    }
  });

  it('scores raw output tensors from another runtime exactly like the ORT path', async () => {
    const { session, info } = await openModelSession(path.join(models, 'split.onnx'));
    const dumps: RawTensor[][] = [];
    const direct = await evaluateWithRunner({
      dataset: data,
      imgsz: { width: 160, height: 160 },
      run: async (input, dims) => {
        const out = await session.run({ [info.inputName]: new ort.Tensor('float32', input, dims) });
        const tensors = session.outputNames.map((n) => ({
          name: n,
          dims: out[n].dims,
          data: Float32Array.from(out[n].data as Float32Array),
        }));
        dumps.push(tensors);
        return tensors;
      },
    });
    await session.release();
    let i = 0;
    const replayed = await evaluateWithRunner({
      dataset: data,
      imgsz: { width: 160, height: 160 },
      run: async () => dumps[i++],
    });
    expect(replayed.stats).toEqual(direct.stats);
    expect(replayed.detections).toEqual(direct.detections);
  });

  it('stops on an unreadable image in strict mode and skips it with a warning when lenient', async () => {
    const broken = mkdtempSync(path.join(os.tmpdir(), 'eval-broken-'));
    cpSync(data, broken, { recursive: true });
    const victim = path.join(broken, 'images', 'val', 'val_00001.png');
    writeFileSync(victim, readFileSync(victim).subarray(0, 200));
    const model = path.join(models, 'single.onnx');
    await expect(evaluateOnnxModel({ model, dataset: broken })).rejects.toThrow(`${victim}: cannot decode image`);
    const r = await evaluateOnnxModel({ model, dataset: broken, strict: false });
    expect(r.images).toBe(4);
    expect(r.warnings.join('\n')).toContain(victim);
  });

  it('rejects an input size that does not fit the model and a corrupt model file', async () => {
    await expect(
      evaluateOnnxModel({ model: path.join(models, 'single.onnx'), dataset: data, imgsz: 320 }),
    ).rejects.toThrow('has a fixed 160×160 input');
    const bad = path.join(models, 'bad.onnx');
    copyFileSync(path.join(data, 'data.yaml'), bad);
    await expect(evaluateOnnxModel({ model: bad, dataset: data })).rejects.toBeInstanceOf(UserError);
  });

  it('can be cancelled, before it starts and while images are in the onnxruntime worker', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      evaluateOnnxModel({ model: path.join(models, 'single.onnx'), dataset: data, signal: ac.signal }),
    ).rejects.toThrow();
    const mid = new AbortController();
    const seen: number[] = [];
    const run = evaluateOnnxModel({
      model: path.join(models, 'single.onnx'),
      dataset: data,
      signal: mid.signal,
      onProgress: (d) => (seen.push(d), d === 1 && mid.abort()),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toEqual([1]);
  });
});
