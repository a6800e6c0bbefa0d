import type { Candidates, RawTensor } from './detection-types';
import { cells, GFL_STRIDES, gflLevels, NANODET_PLUS_BOX, NANODET_PLUS_STRIDES } from './head-shapes';
import { dflExpectation, isLogits, type LevelDecodeOptions, refuse, sigmoid, wantSigmoid } from './level-decoders';

/**
 * NanoDet/GFL heads: per cell a class score row and a box distribution of 4·(reg_max+1) bins, distances = DFL
 * expectation · stride around the cell's prior:
 * - `nanodet`   centre = grid·stride (NanoDet-Plus `get_single_level_center_priors`); per level cls [1?, N, C] + box
 *               [1?, N, 4·(reg_max+1)], or NanoDet-Plus' own export, one [1, N, C + 32] over strides 8/16/32/64.
 * - `nanodet-m` centre = (grid + 0.5)·stride (GFLHead `get_single_level_center_point`, which NanoDet-m's head
 *               inherits); per level outputs as above.
 */

type GflPart = { box: RawTensor; cls: RawTensor };

const width = (t: RawTensor) => t.dims[t.dims.length - 1];

function decodeParts(parts: GflPart[], opts: LevelDecodeOptions, centreOffset: 0 | 0.5): Candidates {
  const C = width(parts[0].cls);
  const bins = width(parts[0].box) / 4;
  const rowsOf = (t: RawTensor) => t.dims[t.dims.length - 2];
  const n = parts.reduce((a, p) => a + rowsOf(p.box), 0);
  const boxes = new Float32Array(n * 4);
  const scores = new Float32Array(C * n);
  const logits = wantSigmoid(
    opts,
    parts.map((x) => x.cls),
  );
  const scratch = new Float64Array(bins);
  let i = 0;
  for (const { box, cls } of parts) {
    const rows = rowsOf(box);
    const stride = GFL_STRIDES.find((st) => cells(opts, st) === rows)!;
    const W = Math.ceil(opts.inputWidth / stride);
    for (let cell = 0; cell < rows; cell++, i++) {
      const cx = ((cell % W) + centreOffset) * stride;
      const cy = (Math.floor(cell / W) + centreOffset) * stride;
      const d = [0, 1, 2, 3].map(
        (side) => dflExpectation((b) => box.data[cell * 4 * bins + side * bins + b], bins, scratch) * stride,
      );
      boxes.set([cx - d[0], cy - d[1], cx + d[2], cy + d[3]], i * 4);
      for (let k = 0; k < C; k++) {
        const v = cls.data[cell * C + k];
        scores[k * n + i] = logits ? sigmoid(v) : v;
      }
    }
  }
  return { n, numClasses: C, boxes, scores };
}

/**
 * Per-level outputs. Names are not trusted, so which tensor of a level is the box distribution comes from its width
 * (4·(reg_max+1)); when both widths are multiples of 4, from the values: class scores are probabilities (0..1)
 * in these exports, distribution logits are not.
 */
export function decodeNanodet(outputs: RawTensor[], opts: LevelDecodeOptions, centreOffset: 0 | 0.5): Candidates {
  if (outputs.length === 1 && centreOffset === 0) return decodeNanodetPlus(outputs[0], opts);
  const levels = gflLevels(outputs, opts);
  if (!levels) throw refuse('nanodet needs per level cls [1?,N,C] + box [1?,N,4·(reg_max+1)]', outputs);
  const boxLike = (t: RawTensor) => width(t) % 4 === 0 && width(t) >= 8;
  const [p, q] = levels[0].pair.map((i) => outputs[i]);
  let boxFirst = boxLike(p) && !boxLike(q);
  if (boxLike(p) && boxLike(q)) {
    const [pProb, qProb] = [!isLogits([p]), !isLogits([q])];
    if (pProb === qProb)
      throw refuse('Cannot tell the class and box outputs of a NanoDet/GFL level apart (both 4k wide)', outputs);
    boxFirst = qProb;
  }
  const pick = (pair: number[]): GflPart => {
    const [a, b] = pair.map((i) => outputs[i]);
    // Same widths on every level (gflLevels); the first level's decision applies by width.
    const box = width(a) === width(boxFirst ? p : q) && a !== b ? a : b;
    return { box, cls: box === a ? b : a };
  };
  return decodeParts(
    levels.map((l) => pick(l.pair)),
    opts,
    centreOffset,
  );
}

/**
 * NanoDet-Plus' own export (`_forward_onnx`): one [1, N, C + 32], per row the sigmoid class scores then the 4×8 box
 * bins (reg_max 7, as in every NanoDet-Plus config), levels of strides 8/16/32/64 in order. reg_max is checked from
 * the values: the C class columns must be probabilities, which a head with more bins would not leave there.
 */
function decodeNanodetPlus(out: RawTensor, opts: LevelDecodeOptions): Candidates {
  const [, n, cols] = out.dims;
  const C = cols - NANODET_PLUS_BOX;
  const parts: GflPart[] = [];
  let row = 0;
  for (const st of NANODET_PLUS_STRIDES) {
    const rows = cells(opts, st);
    const cls = new Float32Array(rows * C);
    const box = new Float32Array(rows * NANODET_PLUS_BOX);
    for (let r = 0; r < rows; r++, row++) {
      const at = out.data.subarray(row * cols, (row + 1) * cols);
      cls.set(at.subarray(0, C), r * C);
      box.set(at.subarray(C), r * NANODET_PLUS_BOX);
    }
    parts.push({ cls: { dims: [1, rows, C], data: cls }, box: { dims: [1, rows, NANODET_PLUS_BOX], data: box } });
  }
  if (row !== n || isLogits(parts.map((p) => p.cls)))
    throw refuse(
      `NanoDet-Plus' output [1,N,C+32] holds, per cell of strides ${NANODET_PLUS_STRIDES.join('/')}, C class ` +
        'probabilities then 4×8 box bins (reg_max 7); these values do not fit that',
      [out],
    );
  return decodeParts(parts, { ...opts, clsSigmoid: false }, 0);
}
