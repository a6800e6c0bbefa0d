import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutZoo, type ZooModel } from '../../../../test/support/layout-zoo';
import type { Candidates, HeadKind, RawTensor } from '../detect/detection-types';
import { HEAD_METADATA_KEY } from '../detect/head-shapes';
import { decodeOutputs } from '../detect/yolo-decoders';
import { UserError } from '../errors/user-error';
import { detectHeadLayout } from './head-layout';
import { cutHead } from './head-surgery';
import { encodeOnnx, loadOnnx, metadataValue, type OnnxModel } from './onnx-model';

const zoo = layoutZoo();
const IMG = zoo.models[0].imgsz;

function image(seed: number): ort.Tensor {
  const data = new Float32Array(3 * IMG * IMG);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = s / 2147483648;
  }
  return new ort.Tensor('float32', data, [1, 3, IMG, IMG]);
}

async function run(model: OnnxModel, input: ort.Tensor): Promise<RawTensor[]> {
  const session = await ort.InferenceSession.create(encodeOnnx(model));
  try {
    const out = await session.run({ [session.inputNames[0]]: input });
    return session.outputNames.map((name) => ({ name, dims: out[name].dims, data: out[name].data as Float32Array }));
  } finally {
    await session.release();
  }
}

const decode = (outputs: RawTensor[], head: HeadKind): Candidates =>
  decodeOutputs(outputs, head, { inputWidth: IMG, inputHeight: IMG, clsSigmoid: 'auto' });

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** The end-to-end head's rows (x1 y1 x2 y2 score class) each found among the cut model's decoded candidates. */
function worstEndToEndRow(full: Candidates, cut: Candidates): number {
  let worst = 0;
  for (let r = 0; r < full.n; r++) {
    const cls = full.final!.classes[r];
    let best = Infinity;
    for (let i = 0; i < cut.n; i++) {
      let d = Math.abs(cut.scores[cls * cut.n + i] - full.final!.scores[r]);
      for (let j = 0; j < 4; j++) d = Math.max(d, Math.abs(cut.boxes[i * 4 + j] - full.boxes[r * 4 + j]));
      best = Math.min(best, d);
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

const FULL_HEAD: Record<string, HeadKind> = { yolov8: 'yolov8', yolov5: 'yolov5', yolox: 'yolox' };
const CUT_HEAD: Record<string, HeadKind> = { yolov8: 'split', yolov5: 'yolov5-split', yolox: 'yolox-split' };

describe('head surgery on every layout of the zoo (found by structure, not names)', () => {
  let inputs: ort.Tensor[];
  beforeAll(() => {
    inputs = [image(3), image(17)];
  });

  it('the zoo holds every layout the docs list', () => {
    expect(zoo.models.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'ultralytics-8.2',
        'ultralytics-8.3',
        'ultralytics-8.3-qdq',
        'ultralytics-8.3-convinteger',
        'ultralytics-8.3-qoperator',
        'yolov10',
        'yolov10-qdq',
        'yolo11',
        'rknn-model-zoo-9',
        'rknn-model-zoo-6',
        'yolov5',
        'yolox',
        'nanodet-m',
        'nanodet-plus',
        'gfl-nobatch',
        'rtdetr',
        'anchor-6out',
      ]),
    );
  });

  for (const m of zoo.models.filter((x) => ['yolov8', 'yolov5', 'yolox'].includes(x.surgery))) {
    it(`${m.name} (${m.exporter}): cut, and the CPU decode of the cut equals the full model (|Δ| < 1e-3)`, async () => {
      const source = loadOnnx(zoo.path(m));
      // Node names play no part: renaming every node and intermediate tensor finds the same head.
      const renamed = structuredClone(source);
      renamed.graph.node.forEach((n, i) => (n.name = `n${i}`));
      expect(detectHeadLayout(renamed).kind).toBe(m.surgery);

      const { model, layout, preset } = cutHead(source, { preset: 'auto' }, m.file);
      expect(layout?.kind).toBe(m.surgery);
      expect(metadataValue(model, HEAD_METADATA_KEY)).toBe(CUT_HEAD[m.surgery]);
      if (m.surgery === 'yolov8') {
        expect(preset).toBe('rknn9');
        expect(layout?.kind === 'yolov8' && layout.numClasses).toBe(m.nc);
        expect(model.graph.output).toHaveLength(9);
        // The NPU part ends at the convs: no DFL softmax, no TopK tail.
        expect(model.graph.node.some((n) => ['Softmax', 'TopK', 'GatherElements'].includes(n.opType))).toBe(false);
      }
      for (const input of inputs) {
        const full = await run(source, input);
        const cut = await run(model, input);
        const cutDecoded = decode(cut, CUT_HEAD[m.surgery]);
        if (m.head === 'yolov10') {
          expect(worstEndToEndRow(decode(full, 'yolov10'), cutDecoded)).toBeLessThan(1e-3);
          continue;
        }
        const fullDecoded = decode(full, FULL_HEAD[m.surgery]);
        expect(maxAbsDiff(cutDecoded.boxes, fullDecoded.boxes)).toBeLessThan(1e-3);
        expect(maxAbsDiff(cutDecoded.scores, fullDecoded.scores)).toBeLessThan(1e-3);
      }
    });
  }

  for (const m of zoo.models.filter((x) => x.surgery === 'passthrough')) {
    it(`${m.name}: already cut, passes through unchanged`, () => {
      const source = loadOnnx(zoo.path(m));
      const result = cutHead(source, { preset: 'auto' }, m.file);
      expect(result.layout).toBeNull();
      expect(encodeOnnx(result.model)).toEqual(encodeOnnx(source));
      expect(() => cutHead(source, { preset: 'yolov5-raw' }, m.file)).toThrow(/already cut/);
    });
  }

  for (const m of zoo.models.filter((x: ZooModel) => x.surgery === 'refuse')) {
    it(`${m.name}: refused, saying what was found and what is expected`, () => {
      let error: unknown;
      try {
        cutHead(loadOnnx(zoo.path(m)), { preset: 'auto' }, m.file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const message = (error as Error).message;
      expect(message).toContain(`${m.file}: no known detection head found`);
      expect(message).toMatch(/Found: outputs .*\[/);
      expect(message).toContain('Expected one of: Ultralytics ≤ 8.2');
    });
  }
});
