import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { defineStageKind } from '../pipeline/stage-kind';
import { createWorkbenchCore, type WorkbenchCore } from './workbench-service';

let core: WorkbenchCore | undefined;
let ws: ReturnType<typeof tempWorkspace>;
afterEach(async () => {
  await core?.runner.shutdown();
  ws?.cleanup();
});

const setup = (): WorkbenchCore => {
  ws = tempWorkspace();
  core = createWorkbenchCore(ws, 'browser');
  return core;
};

describe('UI calls', () => {
  it('runs:facets lists distinct targets, backends and tags of live runs only', async () => {
    const c = setup();
    const make = (name: string, target: string, backend: string, tags: string[]) =>
      c.dispatch('runs:create', {
        configText:
          `name: ${name}\ntarget: ${target}\nbackend: ${backend}\ntags: [${tags.join(', ')}]\n` +
          'stages:\n  - kind: env-snapshot\n',
        start: false,
      }) as Promise<{ id: number }>;
    await make('a', 'rk3588', 'rknn', ['int8', 'yolov8']);
    await make('b', 'rk3588', 'sim', ['int8']);
    const gone = await make('c', 'hi3519', 'atc', ['only-deleted']);
    c.workspace.metrics.set(gone.id, { deleted_only: 1 });
    c.workspace.metrics.set(1, { map: 0.5, latency_ms: 3 });
    await c.dispatch('runs:delete', { id: gone.id });
    expect(await c.dispatch('runs:facets', {})).toEqual({
      targets: ['rk3588'],
      backends: ['rknn', 'sim'],
      tags: ['int8', 'yolov8'],
      metricKeys: ['latency_ms', 'map'],
    });
  });

  it('config:schema describes every registered stage kind with its params for the editor', async () => {
    const c = setup();
    c.registry.register(
      defineStageKind({
        kind: 'test-threshold',
        title: 'Threshold',
        description: 'Test kind',
        params: z
          .object({
            threshold: z.number().min(0).describe('Cosine below which a layer is flagged'),
            mode: z.enum(['a', 'b']).default('a'),
          })
          .strict(),
        run: async () => undefined,
      }),
    );
    type Branch = {
      if: { properties: { kind: { const: string } } };
      then: {
        properties: Record<string, { description?: string; enum?: string[] }>;
        required: string[];
        additionalProperties: unknown;
      };
    };
    const schema = (await c.dispatch('config:schema', {})) as {
      properties: Record<string, { items?: { properties: { kind: { enum: string[] } }; allOf: Branch[] } }>;
    };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'target', 'backend', 'stages']));
    const items = schema.properties.stages.items!;
    expect(items.properties.kind.enum).toEqual(
      expect.arrayContaining(['env-snapshot', 'python-script', 'test-threshold']),
    );
    const mine = items.allOf.find((b) => b.if.properties.kind.const === 'test-threshold')!.then;
    expect(mine.properties.threshold.description).toBe('Cosine below which a layer is flagged');
    expect(mine.properties.mode.enum).toEqual(['a', 'b']);
    expect(mine.required).toEqual(['kind', 'threshold']);
    expect(mine.additionalProperties).toBe(false);
  });

  it('runs:rerun restarts a finished run from a stage, keeping the stages before it', async () => {
    const c = setup();
    const calls: number[] = [];
    c.registry.register(
      defineStageKind({
        kind: 'test-step',
        title: 'Step',
        description: 'records its index',
        params: z.object({}).strict(),
        run: async (ctx) => void calls.push(ctx.stageIndex),
      }),
    );
    const run = (await c.dispatch('runs:create', {
      configText: 'name: r\nstages:\n  - kind: test-step\n  - kind: test-step\n  - kind: test-step\n',
    })) as { id: number };
    expect((await c.runner.whenDone(run.id)).status).toBe('succeeded');
    expect(calls).toEqual([0, 1, 2]);
    calls.length = 0;
    const child = (await c.dispatch('runs:rerun', { id: run.id, fromStage: 2 })) as { id: number; parentRunId: number };
    expect(child.parentRunId).toBe(run.id);
    expect((await c.runner.whenDone(child.id)).status).toBe('succeeded');
    expect(calls).toEqual([2]);
    expect(c.workspace.stages.list(child.id).map((s) => s.status)).toEqual(Array(3).fill('succeeded'));
    await expect(c.dispatch('runs:rerun', { id: run.id, fromStage: -1 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
