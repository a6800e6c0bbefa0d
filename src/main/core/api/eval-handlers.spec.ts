import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cocoevalFixtures, tempWorkspace } from '../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from './workbench-service';

const FIX = path.join(cocoevalFixtures, 'edges');
let core: WorkbenchCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('eval contract calls', () => {
  it('returns the stored evaluation and PR curves of a run made by an eval stage', async () => {
    const ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    const configText =
      'name: score edges\nstages:\n  - kind: eval\n' +
      `    gt: ${path.join(FIX, 'gt.json')}\n    dets: ${path.join(FIX, 'dets.json')}\n`;
    const run = (await core.dispatch('runs:create', { configText })) as { id: number };
    await core.runner.whenDone(run.id);
    const result = (await core.dispatch('eval:result', { id: run.id })) as {
      stats: number[];
      per_class: { id: number; ap: number }[];
    };
    expect(result.stats[0]).toBeCloseTo(0.38752939, 8);
    expect(result.per_class.map((c) => c.id)).toEqual([1, 2, 3, 7]);
    const curves = (await core.dispatch('eval:prCurves', { id: run.id })) as {
      recall: number[];
      iouThresholds: number[];
      classes: { id: number; precision: number[][] }[];
    };
    expect(curves.recall).toHaveLength(101);
    expect(curves.iouThresholds).toEqual([0.5, 0.75]);
    expect(curves.classes[0].precision[0]).toHaveLength(101);
    expect(curves.classes.find((c) => c.id === 7)!.precision[0].every((p) => p === -1)).toBe(true);
    const detail = (await core.dispatch('runs:get', { id: run.id })) as {
      metrics: Record<string, number>;
      classMetrics: unknown[];
    };
    expect(detail.metrics.map).toBeCloseTo(0.38752939, 8);
    expect(detail.classMetrics).toHaveLength(16);
  });

  it('says which run has no evaluation', async () => {
    const ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    const run = ws.runs.create({
      name: 'x',
      target: 'host',
      backend: 'sim',
      configText: 'name: x\nstages: []\n',
      status: 'succeeded',
    });
    await expect(core.dispatch('eval:result', { id: run.id })).rejects.toThrow(
      `An evaluation of run ${run.id} was not found`,
    );
  });
});
