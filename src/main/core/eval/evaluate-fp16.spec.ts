import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { writeDemoDataset } from '../data/demo-dataset';
import { decodeOnnx, TensorDataType } from '../onnx/onnx-model';
import { evaluateOnnxModel, type EvaluationResult } from './evaluate-model';
import { demoModelPath } from './run-evaluation';

// The trained demo model converted to float16 with the onnx package: float initializers and Constants
// become float16 (numpy's astype, round to nearest even) except Resize scales/roi, which must stay
// float. `half` also makes the input and output float16 (a `--half` export); `half-out` keeps a
// float32 input with a Cast in front and returns float16.
const TO_FP16 = `
import sys, onnx, numpy as np
from onnx import numpy_helper, TensorProto, helper
src, dst, io = sys.argv[1:4]
m = onnx.load(src)
g = m.graph
keep = {x for n in g.node if n.op_type == 'Resize' for x in n.input[1:3]}
def half(t):
    t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name))
for t in g.initializer:
    if t.data_type == TensorProto.FLOAT and t.name not in keep:
        half(t)
for n in g.node:
    for a in n.attribute:
        if (n.op_type == 'Constant' and a.name == 'value' and a.t.data_type == TensorProto.FLOAT
                and n.output[0] not in keep):
            half(a.t)
        if n.op_type == 'Cast' and a.name == 'to' and a.i == TensorProto.FLOAT:
            a.i = TensorProto.FLOAT16
del g.value_info[:]
for v in g.output:
    v.type.tensor_type.elem_type = TensorProto.FLOAT16
x = g.input[0]
if io == 'half':
    x.type.tensor_type.elem_type = TensorProto.FLOAT16
else:
    for n in g.node:
        n.input[:] = [x.name + '_fp16' if i == x.name else i for i in n.input]
    g.node.insert(0, helper.make_node('Cast', [x.name], [x.name + '_fp16'], to=TensorProto.FLOAT16))
onnx.checker.check_model(m)
onnx.save(m, dst)
`;

const IMAGES = 60;
let dir: string;
let data: string;
let float: EvaluationResult;

beforeAll(async () => {
  dir = tempDir();
  data = path.join(dir, 'data.yaml');
  await writeDemoDataset(dir, { train: 0, val: IMAGES });
  for (const io of ['half', 'half-out'])
    await execa('/usr/bin/python3', ['-c', TO_FP16, demoModelPath(), path.join(dir, `${io}.onnx`), io], {
      timeout: 60_000,
    });
  float = await evaluateOnnxModel({ model: demoModelPath(), dataset: data });
}, 120_000);

describe('evaluateOnnxModel on float16 models', () => {
  it('the float demo model detects here (otherwise the comparison proves nothing)', () => {
    expect(float.map50).toBeGreaterThan(0.4);
  });

  for (const io of ['half', 'half-out']) {
    const what = io === 'half' ? 'float16 input and output' : 'float32 input, float16 output';
    it(`${what}: AP within 0.005 of the float model`, async () => {
      const file = path.join(dir, `${io}.onnx`);
      const { graph } = decodeOnnx(readFileSync(file));
      expect(graph.input[0].type?.tensorType?.elemType).toBe(
        io === 'half' ? TensorDataType.FLOAT16 : TensorDataType.FLOAT,
      );
      expect(graph.output[0].type?.tensorType?.elemType).toBe(TensorDataType.FLOAT16);
      const r = await evaluateOnnxModel({ model: file, dataset: data });
      expect(r.images).toBe(IMAGES);
      expect(r.head).toBe('yolov8');
      expect(Math.abs(r.map - float.map)).toBeLessThan(0.005);
      expect(Math.abs(r.map50 - float.map50)).toBeLessThan(0.005);
      expect(Math.abs(r.detections.length - float.detections.length)).toBeLessThan(float.detections.length * 0.02);
      // Half precision changes the boxes a little, never wholesale: the best detection stays put.
      const best = (d: EvaluationResult['detections']) => [...d].sort((a, b) => b.score - a.score)[0];
      const [a, b] = [best(r.detections), best(float.detections)];
      expect(a.image_id).toBe(b.image_id);
      a.bbox.forEach((v, j) => expect(Math.abs(v - b.bbox[j])).toBeLessThan(1));
    });
  }
});
