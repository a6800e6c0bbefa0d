/**
 * Range → scale/zero point and the quantize/dequantize arithmetic, following onnxruntime's
 * quant_utils (`compute_scale_zp`, `get_qmin_qmax_for_qType`) and its QuantizeLinear kernel
 * (float32 division, round half to even, saturate), so a simulated value equals what ORT computes.
 */
export type IntType = 'uint8' | 'int8' | 'int16';

export interface QuantParams {
  type: IntType;
  scale: number;
  zeroPoint: number;
}

export function qRange(type: IntType, symmetric = false): [number, number] {
  switch (type) {
    case 'uint8':
      return symmetric ? [0, 254] : [0, 255];
    case 'int8':
      return symmetric ? [-127, 127] : [-128, 127];
    case 'int16':
      return symmetric ? [-32767, 32767] : [-32768, 32767];
  }
}

/** numpy.round semantics: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const TINY = 1.1754943508222875e-38; // smallest normal float32, as numpy.finfo(float32).tiny

export function computeQuantParams(rmin: number, rmax: number, type: IntType, symmetric = false): QuantParams {
  let lo = Math.min(rmin, 0);
  let hi = Math.max(rmax, 0);
  const [qmin, qmax] = qRange(type, symmetric);
  if (symmetric) {
    const absmax = Math.max(Math.abs(lo), Math.abs(hi));
    lo = -absmax;
    hi = absmax;
  }
  const scale = Math.fround((hi - lo) / (qmax - qmin));
  if (!(scale >= TINY)) return { type, scale: 1, zeroPoint: 0 };
  const zeroPoint = symmetric ? roundHalfEven((qmin + qmax) / 2) : roundHalfEven(qmin - lo / scale);
  return { type, scale, zeroPoint: Math.min(qmax, Math.max(qmin, zeroPoint)) };
}

/** One value through QuantizeLinear (float32 math) with the type's full range. */
export function quantize(x: number, p: QuantParams): number {
  const [qmin, qmax] = qRange(p.type);
  const q = roundHalfEven(Math.fround(x / p.scale)) + p.zeroPoint;
  return Math.min(qmax, Math.max(qmin, q));
}

export function dequantize(q: number, p: QuantParams): number {
  return Math.fround((q - p.zeroPoint) * p.scale);
}

export function fakeQuantize(x: number, p: QuantParams): number {
  return dequantize(quantize(x, p), p);
}
