import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisSummary, RunSummary } from '../../../../shared/contract';
import { layoutZoo, type ZooModel } from '../../../../../test/support/layout-zoo';
import { selfLabelledDataset } from '../../../../../test/support/self-labelled-dataset';
import { tempDir } from '../../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../../api/workbench-service';
import { writeDemoDataset } from '../../data/demo-dataset';
import type { LetterboxPreset } from '../../data/letterbox';
import type { HeadKind } from '../../detect/detection-types';
import { evaluateOnnxModel } from '../../eval/evaluate-model';
import { openWorkspace } from '../../workspace/workspace';
import { readRunLog } from '../run-logs';

// The zoo through `analyse` (built-in simulator, AP float vs int8), one layout per decoder family and input form
// (the other forms of a family differ only before the head, which eval-zoo and surgery-zoo pin): the float AP
// analyse measures must be eval's, whatever the head. Small counts keep it fast; the search is off (budget 1).
const zoo = layoutZoo();
const FAMILIES = ['ultralytics-8.3', 'ultralytics-8.3-qdq', 'yolov10', 'rknn-model-zoo-9', 'yolov5', 'yolox'];
const REPRESENTATIVES = [...FAMILIES, 'nanodet-m', 'gfl-nobatch', 'nanodet-plus', 'rtdetr'];
const IMAGES = 4;
const PRESET: Partial<Record<string, LetterboxPreset>> = {
  yolox: 'yolox',
  nanodet: 'nanodet',
  'nanodet-m': 'nanodet',
  detr: 'rtdetr',
};
let dir: string;
let val: string;
let core: WorkbenchCore;

beforeAll(async () => {
  dir = tempDir('npu-wb-analyse-zoo-');
  await writeDemoDataset(dir, { train: 3, val: IMAGES });
  val = path.join(dir, 'images', 'val');
  core = createWorkbenchCore(openWorkspace(path.join(dir, 'ws')), 'browser');
}, 120_000);

afterAll(async () => {
  await core.close();
});

async function analyse(m: ZooModel, data: string, preset: LetterboxPreset): Promise<RunSummary> {
  const stage = {
    kind: 'analyse',
    model: zoo.path(m),
    calib: path.join(dir, 'images', 'train'),
    data,
    preset,
    // Shapes two decoders fit alike (NanoDet-Plus vs NanoDet-m priors) need the head named, as in eval.
    ...(m.pick && { head: m.head }),
    calibCount: 3,
    analysisCount: 1,
    evalCount: IMAGES,
    candidates: 1,
    apBudget: 1,
  };
  const config = { name: `analyse ${m.name}`, target: 'host', backend: 'sim', model: stage.model, stages: [stage] };
  const created = (await core.dispatch('runs:create', { config, start: true })) as RunSummary;
  return core.runner.whenDone(created.id);
}

describe('analyse runs every zoo layout eval decodes, with eval’s float AP', () => {
  for (const m of zoo.models.filter((x) => REPRESENTATIVES.includes(x.name))) {
    it(`${m.name} (${m.exporter}): head ${m.head}`, async () => {
      const preset = PRESET[m.head] ?? 'ultralytics';
      const head = m.pick && (m.head as HeadKind);
      // Seeded weights score ~0 on the demo labels; their own best detections make a ground truth they score on.
      const data = m.demoWeights
        ? path.join(dir, 'data.yaml')
        : await selfLabelledDataset(zoo.path(m), val, { nc: m.nc, count: IMAGES, preset, head });
      const evaluated = await evaluateOnnxModel({ model: zoo.path(m), dataset: data, preset, head, limit: IMAGES });
      expect(evaluated.head).toBe(m.head);
      expect(evaluated.map).toBeGreaterThan(0.1);
      const run = await analyse(m, data, preset);
      expect(run.status, run.error ?? '').toBe('succeeded');
      const summary = (await core.dispatch('analysis:summary', { id: run.id })) as AnalysisSummary;
      expect(summary.evalImages).toBe(IMAGES);
      expect(summary.ap!.float).toBeCloseTo(evaluated.map, 6);
    });
  }

  it('anchor-6out: refused with what was found', async () => {
    const run = await analyse(
      zoo.models.find((x) => x.name === 'anchor-6out')!,
      path.join(dir, 'data.yaml'),
      'ultralytics',
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/No decoder fits the model outputs reg_16\[1,12,10,10\], obj_16\[1,3,10,10\]/);
    // Refused from the graph's declared shapes, before any calibration or per-layer analysis ran.
    expect(await core.dispatch('analysis:layerErrors', { id: run.id })).toEqual([]);
    expect(
      readRunLog(core.workspace, run.id)
        .map((l) => l.text)
        .join('\n'),
    ).not.toContain('calibration images');
  });
});
