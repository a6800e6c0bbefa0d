import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder } from '../../src/main/core/onnx/graph-builder';
import { encodeOnnx, GraphIndex } from '../../src/main/core/onnx/onnx-model';
import { openWorkspace } from '../../src/main/core/workspace/workspace';

/**
 * A workspace with one finished run on a `blocks`×4-node residual network (model written with the project's
 * ONNX builder) and per-layer errors for every activation from two sources, stored through the store:
 * the size of a large detector's graph, for the graph view's performance.
 */
export function seedBigGraphWorkspace(blocks: number): { dir: string; nodes: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-big-'));
  const b = new GraphBuilder(13);
  let x = b.input('images', [1, 4, 8, 8]);
  for (let i = 0; i < blocks; i++) {
    const scope = `/model.${Math.floor(i / 10)}/m.${i % 10}`;
    const conv = b.op(
      'Conv',
      [
        x,
        b.init(
          `w${i}`,
          [4, 4, 1, 1],
          Array.from({ length: 16 }, (_, k) => ((k * 7 + i) % 5) / 10),
        ),
      ],
      { kernel_shape: [1, 1] },
      `${scope}/cv`,
    );
    const act = b.op('Sigmoid', [conv], {}, `${scope}/act`);
    const mul = b.op('Mul', [conv, act], {}, `${scope}/act`);
    x = b.op('Add', [mul, x], {}, scope);
  }
  b.output(x);
  const model = b.build();
  writeFileSync(path.join(dir, 'big.onnx'), encodeOnnx(model));
  const tensors = new GraphIndex(model.graph).activationTensors();
  const ws = openWorkspace(dir);
  try {
    const run = ws.runs.create({
      name: 'big-graph',
      target: 'rk3588',
      backend: 'rknn',
      configText: 'name: big-graph\nmodel: big.onnx\nstages:\n  - kind: env-snapshot\n',
      status: 'succeeded',
    });
    for (const [source, shift] of [
      ['sim', 0],
      ['board', 0.004],
    ] as const) {
      ws.layerErrors.replace(
        run.id,
        source,
        tensors.map((tensor, i) => {
          const cos = 1 - ((i * 37) % 100) / 2500 - shift;
          return {
            tensor,
            opType: null,
            onnxNode: null,
            cosEntire: cos,
            cosSingle: Math.min(1, cos + 0.005),
            eucEntire: (1 - cos) * 50,
            eucSingle: (1 - cos) * 20,
            sqnr: 30,
          };
        }),
      );
    }
  } finally {
    ws.close();
  }
  return { dir, nodes: model.graph.node.length };
}
