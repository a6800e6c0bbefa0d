import { seededRandom } from '../data/demo-dataset';
import { GraphBuilder } from '../onnx/graph-builder';
import type { OnnxModel } from '../onnx/onnx-model';

/** Deterministic numbers in [-1, 1) for weights and inputs made in code. */
export function seeded(seed: number): () => number {
  const rnd = seededRandom(seed);
  return () => rnd() * 2 - 1;
}

/**
 * A tiny detector with the YOLOv8 export head in miniature: conv + SiLU trunk, a box branch decoded
 * to pixels (`+ grid`, `* strides`), a class branch through Sigmoid, and one Concat of box pixels
 * with 0–1 scores ([1, 4+C, N]): the three spots int8 is known to break.
 */
export function tinyYoloHead(
  size = 32,
  classes = 3,
): { model: OnnxModel; sigmoid: string; strideMul: string; concat: string; input: string } {
  const rnd = seeded(42);
  const b = new GraphBuilder(13, 'tiny-yolo-head');
  const x = b.input('images', [1, 3, size, size]);
  const conv = (from: string, cin: number, cout: number, stride: number, scope: string, k = 3, biasShift = 0) => {
    const w = b.init(
      `${scope}.weight`,
      [cout, cin, k, k],
      Array.from({ length: cout * cin * k * k }, () => rnd() * Math.sqrt(2 / (cin * k * k))),
    );
    const bias = b.init(
      `${scope}.bias`,
      [cout],
      Array.from({ length: cout }, () => rnd() * 0.1 + biasShift),
    );
    return b.op(
      'Conv',
      [from, w, bias],
      { kernel_shape: [k, k], strides: [stride, stride], pads: k === 3 ? [1, 1, 1, 1] : [0, 0, 0, 0] },
      scope,
    );
  };
  const silu = (t: string, scope: string) => b.op('Mul', [t, b.op('Sigmoid', [t], {}, scope)], {}, scope);
  const f1 = silu(conv(x, 3, 8, 2, '/model.0/conv'), '/model.0/act');
  const f2 = silu(conv(f1, 8, 16, 2, '/model.1/conv'), '/model.1/act');
  const n = (size / 4) ** 2;
  const boxRaw = conv(f2, 16, 4, 1, '/model.22/cv2', 1);
  // class prior bias as in YOLOv8's bias_init: background scores near 0, as in a trained detector
  const cls = conv(f2, 16, classes, 1, '/model.22/cv3', 1, -4);
  const dist = b.op(
    'Reshape',
    [b.op('Softplus', [boxRaw], {}, '/model.22'), b.initInt64('box_shape', [1, 4, n])],
    {},
    '/model.22',
  );
  const grid = b.init(
    '/model.22/anchors',
    [1, 4, n],
    Array.from({ length: 4 * n }, (_, i) => ((i % n) % (size / 4)) + 0.5),
  );
  const xyxy = b.op('Add', [dist, grid], {}, '/model.22');
  const strideMul = b.op('Mul', [xyxy, b.init('/model.22/strides', [1, 1, n], Array(n).fill(4))], {}, '/model.22');
  const sigmoid = b.op(
    'Sigmoid',
    [b.op('Reshape', [cls, b.initInt64('cls_shape', [1, classes, n])], {}, '/model.22/cls')],
    {},
    '/model.22',
  );
  const concat = b.op('Concat', [strideMul, sigmoid], { axis: 1 }, '/model.22');
  b.output(concat);
  return { model: b.build(), sigmoid, strideMul, concat, input: x };
}
