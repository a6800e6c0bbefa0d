import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON, tempDir, tempWorkspace } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { demoModelPath } from '../eval/run-evaluation';
import { EventBus } from '../events/event-bus';
import { encodeOnnx, loadOnnx } from '../onnx/onnx-model';
import { JobRunner } from './job-runner';
import { readRunLog } from './run-logs';
import { StageRegistry } from './stage-kind';
import { builtinStageKinds } from './stages';

let ws: ReturnType<typeof tempWorkspace>;
let runner: JobRunner;
let dir: string;
let parentId: number;

/** eval (per-class AP, PR curves, a record) → analyse without data (layer errors) → env-snapshot. */
const config = `name: child
stages:
  - kind: eval
    model: m.onnx
    data: ds/data.yaml
  - kind: analyse
    model: m.onnx
    calib: ds/images/val
    calibCount: 2
    analysisCount: 1
  - kind: env-snapshot
    packages: [json]
`;

beforeAll(async () => {
  ws = tempWorkspace();
  ws.settings.update({ pythonPath: SYSTEM_PYTHON });
  runner = new JobRunner(ws, new EventBus(), new StageRegistry(builtinStageKinds));
  dir = tempDir();
  copyFileSync(demoModelPath(), path.join(dir, 'm.onnx'));
  await writeDemoDataset(path.join(dir, 'ds'), { train: 0, val: 4 });
  parentId = ws.runs.create({ name: 'child', target: 'host', backend: 'sim', configText: config }).id;
  runner.start(parentId, { baseDir: dir });
  const done = await runner.whenDone(parentId);
  expect(done.error).toBeNull();
}, 180_000);

afterAll(() => ws.cleanup());

/** What the Compare and Accuracy pages read of a run. */
function outputs(runId: number) {
  return {
    classMetrics: ws.metrics.getClassMetrics(runId),
    layerErrors: ws.layerErrors.list(runId),
    artifacts: ws.artifacts.list(runId).map((a) => [a.kind, a.path, a.sha256]),
    evaluations: ws.evaluations.list([runId]).map((e) => [e.stageIndex, e.variant, e.map]),
  };
}

describe('child runs reuse what the kept stages produced, keyed by stage identity', () => {
  it('re-run from the last stage: per-class metrics, PR curves, layer errors, records of the first two', async () => {
    const parent = outputs(parentId);
    expect(parent.classMetrics.length).toBeGreaterThan(0);
    expect(parent.layerErrors.length).toBeGreaterThan(10);
    expect(parent.artifacts.map(([kind]) => kind)).toContain('pr-curves');
    const child = runner.rerun(parentId, 2);
    expect((await runner.whenDone(child.id)).error).toBeNull();
    expect(outputs(child.id)).toEqual(parent);
    expect(ws.stages.list(child.id).map((s) => s.startedAt)).toEqual([
      ...ws.stages
        .list(parentId)
        .slice(0, 2)
        .map((s) => s.startedAt),
      expect.any(String),
    ]);
  });

  it('re-run from the analysis: eval reused, the analysis its own (no copy of the parent’s)', async () => {
    const child = runner.rerun(parentId, 1);
    expect((await runner.whenDone(child.id)).error).toBeNull();
    const mine = outputs(child.id);
    const parent = outputs(parentId);
    expect(mine.classMetrics).toEqual(parent.classMetrics);
    expect(mine.evaluations).toEqual(parent.evaluations);
    // The analysis' rows once (its own), not the parent's plus its own.
    expect(mine.layerErrors).toEqual(parent.layerErrors);
    expect(mine.artifacts.length).toBe(parent.artifacts.length);
    const evalArtifacts = parent.artifacts.filter(([kind]) => kind === 'pr-curves');
    expect(mine.artifacts.filter(([kind]) => kind === 'pr-curves')).toEqual(evalArtifacts);
  });

  it('an input changed since the parent ran: not reused, the child starts at that stage and says why', async () => {
    const model = loadOnnx(path.join(dir, 'm.onnx'));
    model.docString = 'retrained';
    writeFileSync(path.join(dir, 'm.onnx'), encodeOnnx(model));
    const child = runner.rerun(parentId, 2);
    expect((await runner.whenDone(child.id)).error).toBeNull();
    const [first] = ws.stages.list(child.id);
    expect(first.startedAt).not.toBe(ws.stages.list(parentId)[0].startedAt);
    expect(readRunLog(ws, child.id, 0)[0].text).toBe(
      `Stage 1 (eval) of run ${parentId} is not reused: its model ${path.join(dir, 'm.onnx')} changed since; ` +
        're-running from here.',
    );
    expect(ws.evaluations.list([child.id]).filter((e) => e.stageIndex === 0)).toHaveLength(1);
  });
});
