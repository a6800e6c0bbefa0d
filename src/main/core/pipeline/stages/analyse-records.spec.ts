import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../../test/support/temp-workspace';
import { apHeadline } from '../../../../shared/evaluation/ap-headline';
import type { ApMeasurement } from './analyse-ap';
import { PRESET_PREPROCESS } from '../../data/letterbox';
import { recordAnalysisAps } from './analyse-records';

let ws: ReturnType<typeof tempWorkspace>;
afterEach(() => ws?.cleanup());

function measurement(label: string, keepFloat: string[] | null, map: number): ApMeasurement {
  return {
    label,
    keepFloat,
    modelSha256: `${label}-sha`,
    result: {
      stats: [map, map + 0.2, ...Array<number>(10).fill(-1)],
      map,
      map50: map + 0.2,
      map75: -1,
      perClass: [{ id: 0, name: 'circle', ap: map, ap50: map, ap75: map, ar100: map } as never],
      prCurves: { recall: [0], iouThresholds: [0.5], classes: [] },
      droppedDetections: 0,
      images: 60,
      seconds: 1,
      msPerImage: 16,
      inferenceSeconds: 0.6,
      head: 'yolov8',
      preset: 'ultralytics',
      preprocess: PRESET_PREPROCESS.ultralytics,
      imgsz: { width: 160, height: 160 },
      classNames: ['circle'],
      warnings: [],
      datasetFingerprint: '60-abc',
      thresholds: { conf: 0.001, iou: 0.7, maxDet: 300 },
    },
  };
}

describe('analyse stage APs in the ledger', () => {
  it('records float, quant, every search candidate and the proposal with their roles and keep sets', async () => {
    ws = tempWorkspace();
    const run = ws.runs.create({ name: 'a', target: 'host', backend: 'sim', configText: 'name: a\n' });
    await recordAnalysisAps(
      { workspace: ws, runId: run.id, stageIndex: 2, stageKind: 'analyse' },
      [
        measurement('float', null, 0.4462),
        measurement('quant', [], 0),
        measurement('hybrid 1', ['output0'], 0.4197),
        measurement('hybrid 2', ['output0', '/detect/Mul_2_output_0'], 0.43),
        measurement('hybrid 3', ['output0', '/detect/Mul_2_output_0', '/n3/Concat_output_0'], 0.4364),
      ],
      {
        modelPath: '/m/demo.onnx',
        dtype: 'w8a8',
        userKeep: [],
        proposedKeep: ['/n3/Concat_output_0', 'output0', '/detect/Mul_2_output_0'],
        precision: 'float16',
        apBudget: 0.01,
      },
    );
    const all = ws.evaluations.list([run.id], { includeCandidates: true });
    expect(all.map((r) => [r.variant, r.role, r.runtime, r.map])).toEqual([
      ['fp32', 'measured', 'host-ort', 0.4462],
      ['w8a8', 'measured', 'builtin-sim', 0],
      ['hybrid', 'candidate', 'builtin-sim', 0.4197],
      ['hybrid', 'candidate', 'builtin-sim', 0.43],
      ['hybrid', 'proposal', 'builtin-sim', 0.4364],
    ]);
    expect(all[4]).toMatchObject({
      label: 'w8a8 + proposal (3 tensors float16)',
      variantDetail: {
        base: 'w8a8',
        precision: 'float16',
        keepFloat: ['output0', '/detect/Mul_2_output_0', '/n3/Concat_output_0'],
      },
      stageIndex: 2,
      modelSha256: 'hybrid 3-sha',
      dataset: '60-abc',
      preprocess: { preset: 'ultralytics', imgsz: '160x160' },
      maxDet: 300,
    });
    // Only the float model's host time is a latency; a fake-quant session's time is no NPU's.
    expect(all[0]).toMatchObject({ latencyMs: 10, latencyWhere: 'host', modelPath: '/m/demo.onnx' });
    expect(all.slice(1).every((r) => r.latencyMs === null)).toBe(true);
    expect(ws.evaluations.list([run.id])).toHaveLength(3);
    // The runs table headline: the int8 the stage built, 0.000 against float 0.446, over budget.
    expect(apHeadline(ws.evaluations.list([run.id]))).toMatchObject({ variant: 'w8a8', map: 0, overBudget: true });
  });

  it("with the user's keep-float set, that hybrid is the headline and the plain int8 a side measurement", async () => {
    ws = tempWorkspace();
    const run = ws.runs.create({ name: 'a', target: 'host', backend: 'sim', configText: 'name: a\n' });
    await recordAnalysisAps(
      { workspace: ws, runId: run.id, stageIndex: 0, stageKind: 'analyse' },
      [measurement('float', null, 0.4462), measurement('quant', [], 0), measurement('keep-float', ['output0'], 0.4197)],
      {
        modelPath: '/m/demo.onnx',
        dtype: 'w8a8',
        userKeep: ['output0'],
        proposedKeep: ['output0'],
        precision: 'float16',
        apBudget: 0.05,
      },
    );
    const records = ws.evaluations.list([run.id], { includeCandidates: true });
    expect(records.map((r) => [r.variant, r.role, r.variantDetail.configured])).toEqual([
      ['fp32', 'measured', false],
      ['w8a8', 'measured', false],
      ['hybrid', 'measured', true],
    ]);
    expect(apHeadline(records)).toMatchObject({ variant: 'hybrid', map: 0.4197, overBudget: false });
  });
});
