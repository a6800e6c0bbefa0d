/**
 * Bilinear resize of packed 8-bit RGB with OpenCV's INTER_LINEAR semantics (what Ultralytics,
 * rknn_model_zoo and YOLOX pre-processing call): half-pixel centres, edge clamping, no antialiasing
 * when shrinking, 11-bit fixed-point weights and the vectorised vertical pass's rounding. Matches
 * Debian's cv2 on >99% of values and within 1 level on the rest (OpenCV's scalar tail rounds
 * differently); libvips' resize (antialiased) differs by far more, hence not sharp's resize.
 */
const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;

function axis(src: number, dst: number): { ofs: Int32Array; w0: Int32Array; w1: Int32Array } {
  const scale = 1 / (dst / src);
  const ofs = new Int32Array(dst);
  const w0 = new Int32Array(dst);
  const w1 = new Int32Array(dst);
  for (let d = 0; d < dst; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f -= s;
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= src - 1) {
      f = 0;
      s = src - 1;
    }
    ofs[d] = s;
    w1[d] = Math.round(f * COEF_SCALE);
    w0[d] = Math.round((1 - f) * COEF_SCALE);
  }
  return { ofs, w0, w1 };
}

/** Where resizeLinearToPlanes writes: three float planes of one tensor, through a byte → float table. */
export interface PlanarTarget {
  out: Float32Array;
  /** Offset in `out` of the plane each source channel goes to (reverse them for BGR). */
  planes: readonly [number, number, number];
  /** Offset within a plane of resized row y's pixel 0 (pixel x goes to + x); -1 skips the row. */
  rowOffset(y: number): number;
  /** The resized columns to write, [x0, x1). */
  x0: number;
  x1: number;
  /** The float written for each byte value: one table, or one per source channel (per-channel mean/std). */
  lut: Float32Array | readonly [Float32Array, Float32Array, Float32Array];
}

// OpenCV's vectorised vertical pass (VResizeLinearVec_32s8u) on rows already >> 4: 16-bit high
// multiply by the weights, (sum + 2) >> 2, saturated to 0..255. Math.imul: the products fit in int32,
// and without overflow checks the loop runs twice as fast.
const vblend = (a: number, b: number, b0: number, b1: number): number => {
  const r = ((Math.imul(a, b0) >> 16) + (Math.imul(b, b1) >> 16) + 2) >> 2;
  return r < 0 ? 0 : r > 255 ? 255 : r;
};

/**
 * Resizes packed 8-bit RGB (sw×sh) to dw×dh and writes each resized pixel straight into the target's
 * float planes (letterbox → NCHW): no resized image and no packed row in between, since at 640 px this
 * runs over ~1 M values per image on the thread that also decodes and runs NMS.
 */
export function resizeLinearToPlanes(
  src: Uint8Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  t: PlanarTarget,
): void {
  const { out, x0, x1 } = t;
  const [p0, p1, p2] = t.planes;
  const [l0, l1, l2] = t.lut instanceof Float32Array ? [t.lut, t.lut, t.lut] : t.lut;
  if (sw === dw && sh === dh) {
    for (let y = 0; y < dh; y++) {
      const o = t.rowOffset(y);
      if (o < 0) continue;
      for (let x = x0, s = (y * sw + x0) * 3; x < x1; x++, s += 3) {
        out[p0 + o + x] = l0[src[s]];
        out[p1 + o + x] = l1[src[s + 1]];
        out[p2 + o + x] = l2[src[s + 2]];
      }
    }
    return;
  }
  const channels = 3;
  const rowLen = dw * channels;
  const x = axis(sw, dw);
  const y = axis(sh, dh);
  // Per output value of a row: both source offsets (within a source row) and weights, so the
  // horizontal pass is one flat loop.
  const xs0 = new Int32Array(rowLen);
  const xs1 = new Int32Array(rowLen);
  const xw0 = new Int32Array(rowLen);
  const xw1 = new Int32Array(rowLen);
  for (let d = 0; d < dw; d++) {
    const s1 = x.ofs[d] + 1 < sw ? x.ofs[d] + 1 : x.ofs[d];
    for (let c = 0; c < channels; c++) {
      const i = d * channels + c;
      xs0[i] = x.ofs[d] * channels + c;
      xs1[i] = s1 * channels + c;
      xw0[i] = x.w0[d];
      xw1[i] = x.w1[d];
    }
  }
  let rowA = new Int32Array(rowLen);
  let rowB = new Int32Array(rowLen);
  // Horizontal pass, stored already >> 4 (the first step of OpenCV's vertical pass).
  const hresize = (sy: number, dst: Int32Array) => {
    const base = sy * sw * channels;
    for (let i = 0; i < rowLen; i++) dst[i] = (src[base + xs0[i]] * xw0[i] + src[base + xs1[i]] * xw1[i]) >> 4;
  };
  let rowASy = -1;
  let rowBSy = -1;
  for (let d = 0; d < dh; d++) {
    const o = t.rowOffset(d);
    if (o < 0) continue;
    const sy0 = y.ofs[d];
    const sy1 = Math.min(sy0 + 1, sh - 1);
    if (rowASy !== sy0) {
      if (rowBSy === sy0) {
        [rowA, rowB] = [rowB, rowA];
        rowBSy = -1;
      } else hresize(sy0, rowA);
      rowASy = sy0;
    }
    if (rowBSy !== sy1) {
      hresize(sy1, rowB);
      rowBSy = sy1;
    }
    const b0 = y.w0[d];
    const b1 = y.w1[d];
    for (let px = x0, i = x0 * 3; px < x1; px++, i += 3) {
      out[p0 + o + px] = l0[vblend(rowA[i], rowB[i], b0, b1)];
      out[p1 + o + px] = l1[vblend(rowA[i + 1], rowB[i + 1], b0, b1)];
      out[p2 + o + px] = l2[vblend(rowA[i + 2], rowB[i + 2], b0, b1)];
    }
  }
}
