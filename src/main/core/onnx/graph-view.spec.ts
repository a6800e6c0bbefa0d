import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../../test/support/temp-workspace';
import { createWorkbenchCore, type WorkbenchCore } from '../api/workbench-service';
import { GraphBuilder } from './graph-builder';
import { graphView } from './graph-view';
import { encodeOnnx } from './onnx-model';

function tinyModel() {
  const b = new GraphBuilder(13);
  const x = b.input('images', [1, 3, 8, 8]);
  const conv = b.op(
    'Conv',
    [x, b.init('w', [2, 3, 1, 1], [0.1, 0.2, 0.3, -0.1, 0.5, 0.2])],
    { kernel_shape: [1, 1] },
    '/model.0/conv',
  );
  const act = b.op('Sigmoid', [conv], {}, '/model.0');
  const sum = b.op('Add', [act, conv], {}, '/model.1');
  b.output(sum);
  return b.build();
}

let core: WorkbenchCore | undefined;
let ws: ReturnType<typeof tempWorkspace> | undefined;
afterEach(async () => {
  await core?.runner.shutdown();
  ws?.cleanup();
});

describe('graphView', () => {
  it('has a node per ONNX node plus graph inputs/outputs, and an edge per activation (no weights)', () => {
    const view = graphView(tinyModel());
    expect(view.nodes.map((n) => n.opType)).toEqual(['Input', 'Conv', 'Sigmoid', 'Add', 'Output']);
    const conv = view.nodes[1];
    const add = view.nodes[3];
    expect(
      view.edges
        .filter((e) => e.target === add.id)
        .map((e) => e.source)
        .sort(),
    ).toEqual([conv.id, view.nodes[2].id].sort());
    expect(view.edges.some((e) => e.tensor === 'w')).toBe(false);
    expect(view.edges.find((e) => e.target.startsWith('output:'))!.source).toBe(add.id);
    expect(conv.outputs).toHaveLength(1);
  });

  it('runs:graph serves the config model, runs:checkHybrid checks against it; no model: clear error', async () => {
    ws = tempWorkspace();
    core = createWorkbenchCore(ws, 'browser');
    writeFileSync(path.join(ws.dir, 'tiny.onnx'), encodeOnnx(tinyModel()));
    const withModel = (await core.dispatch('runs:create', {
      configText: 'name: g\nmodel: tiny.onnx\nstages:\n  - kind: env-snapshot\n',
      start: false,
    })) as { id: number };
    const view = (await core.dispatch('runs:graph', { id: withModel.id })) as { nodes: unknown[]; edges: unknown[] };
    expect(view.nodes).toHaveLength(5);
    const without = (await core.dispatch('runs:create', {
      configText: 'name: h\nstages:\n  - kind: env-snapshot\n',
      start: false,
    })) as { id: number };
    await expect(core.dispatch('runs:graph', { id: without.id })).rejects.toMatchObject({
      message: expect.stringMatching(/names no model/),
    });
    const conv = (view.nodes as { opType: string; outputs: string[] }[]).find((n) => n.opType === 'Conv')!.outputs[0];
    const hybrid = (await core.dispatch('runs:checkHybrid', {
      id: withModel.id,
      text: `custom_quantize_layers:\n    ${conv}: float16\n    nope: float16\n`,
    })) as { ok: boolean; issues: { line: number }[]; layers: Record<string, string> };
    expect(hybrid).toMatchObject({ ok: false, issues: [{ line: 3 }], layers: { [conv]: 'float16', nope: 'float16' } });
  });
});
