/**
 * Bilinear resize of packed 8-bit pixels with OpenCV's INTER_LINEAR semantics (what Ultralytics,
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

/**
 * Resizes packed 8-bit pixels, handing each output row (packed, `dw·channels` values, one buffer
 * reused for every row) to `onRow`, so a caller that repacks the pixels (letterbox → NCHW floats)
 * never materialises the resized image.
 */
export function resizeLinearRows(src: Uint8Array, sw: number, sh: number, channels: number, dw: number, dh: number, onRow: (y: number, row: Uint8Array) => void): void {
  const rowLen = dw * channels;
  if (sw === dw && sh === dh) {
    for (let d = 0; d < dh; d++) onRow(d, src.subarray(d * rowLen, (d + 1) * rowLen));
    return;
  }
  const x = axis(sw, dw);
  const y = axis(sh, dh);
  // Per output value of a row: both source offsets (within a source row) and weights, so the
  // horizontal pass is one flat loop (this runs for every image of an evaluation).
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
  const row = new Uint8Array(rowLen);
  let rowA = new Int32Array(rowLen);
  let rowB = new Int32Array(rowLen);
  // Horizontal pass, stored already >> 4 (the first step of OpenCV's vertical pass below).
  const hresize = (sy: number, dst: Int32Array) => {
    const base = sy * sw * channels;
    for (let i = 0; i < rowLen; i++) dst[i] = (src[base + xs0[i]] * xw0[i] + src[base + xs1[i]] * xw1[i]) >> 4;
  };
  let rowASy = -1;
  let rowBSy = -1;
  for (let d = 0; d < dh; d++) {
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
    // OpenCV's vectorised vertical pass (VResizeLinearVec_32s8u): rows >> 4, 16-bit high multiply
    // by the weights, (sum + 2) >> 2, saturated to 0..255. Math.imul: the products fit in int32, and
    // without overflow checks this loop runs twice as fast.
    for (let i = 0; i < rowLen; i++) {
      const r = ((Math.imul(rowA[i], b0) >> 16) + (Math.imul(rowB[i], b1) >> 16) + 2) >> 2;
      row[i] = r < 0 ? 0 : r > 255 ? 255 : r;
    }
    onRow(d, row);
  }
}
