import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { demoDatasetDir } from '../data/demo-dataset';
import { demoModelPath } from '../eval/run-evaluation';
import { demoWanted, FIRST_LAUNCH_MARKER, firstLaunch } from './first-launch';
import { createWorkbenchCore, type WorkbenchCore } from './workbench-service';

let core: WorkbenchCore | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await core?.close();
  cleanup?.();
  core = undefined;
});

function freshCore(): WorkbenchCore {
  const ws = tempWorkspace();
  cleanup = ws.cleanup;
  core = createWorkbenchCore(ws, 'browser');
  return core;
}

/** The demo run is real work (tens of seconds); these tests only need it launched, so they stop it. */
async function stop(c: WorkbenchCore, id: number): Promise<void> {
  if (c.runner.isActive(id)) c.runner.cancel(id);
  await c.runner.whenDone(id);
}

describe('first launch', () => {
  it('starts the demo baseline run in a fresh workspace, pins it, and does so only once', async () => {
    const c = freshCore();
    const run = await firstLaunch(c, { demo: true });
    expect(run).toMatchObject({ id: 1, name: 'demo-baseline', target: 'host', backend: 'sim', tags: ['demo'] });
    expect(['queued', 'running']).toContain(run!.status);
    expect(c.runner.isActive(run!.id)).toBe(true);
    expect(c.workspace.settings.get().baselineRunId).toBe(run!.id);
    const config = c.workspace.runs.getRow(run!.id).config_text;
    expect(config).toContain(JSON.stringify(demoModelPath()));
    expect(config).toContain(JSON.stringify(demoDatasetDir()));
    expect(c.workspace.stages.list(run!.id).map((s) => s.kind)).toEqual(['env-snapshot', 'eval', 'analyse']);
    await stop(c, run!.id);
    expect(JSON.parse(readFileSync(path.join(c.workspace.dir, FIRST_LAUNCH_MARKER), 'utf8'))).toMatchObject({
      demoRunId: 1,
    });
    // Deleting the demo run and relaunching does not bring it back.
    await c.dispatch('runs:delete', { id: run!.id });
    expect(await firstLaunch(c, { demo: true })).toBeNull();
    expect(c.workspace.runs.list().total).toBe(0);
  });

  it('leaves a workspace that already has runs alone, but marks it', async () => {
    const c = freshCore();
    await c.dispatch('runs:create', { configText: 'name: mine\nstages:\n  - kind: env-snapshot\n', start: false });
    expect(await firstLaunch(c, { demo: true })).toBeNull();
    expect(c.workspace.runs.list().rows.map((r) => r.name)).toEqual(['mine']);
    expect(c.workspace.settings.get().baselineRunId).toBeNull();
    expect(JSON.parse(readFileSync(path.join(c.workspace.dir, FIRST_LAUNCH_MARKER), 'utf8'))).toMatchObject({
      demoRunId: null,
    });
  });

  it('opting out keeps the workspace empty and unmarked, so a later launch still seeds it', async () => {
    const c = freshCore();
    expect(await firstLaunch(c, { demo: false })).toBeNull();
    expect(c.workspace.runs.anyEver()).toBe(false);
    expect(existsSync(path.join(c.workspace.dir, FIRST_LAUNCH_MARKER))).toBe(false);
    const later = await firstLaunch(c, { demo: true });
    expect(later?.name).toBe('demo-baseline');
    await stop(c, later!.id);
  });

  it('reads the opt-out from the flag and NPU_WORKBENCH_NO_DEMO', () => {
    expect(demoWanted(true, {})).toBe(true);
    expect(demoWanted(false, {})).toBe(false);
    expect(demoWanted(true, { NPU_WORKBENCH_NO_DEMO: '1' })).toBe(false);
    expect(demoWanted(true, { NPU_WORKBENCH_NO_DEMO: 'TRUE' })).toBe(false);
    expect(demoWanted(true, { NPU_WORKBENCH_NO_DEMO: '0' })).toBe(true);
  });
});
