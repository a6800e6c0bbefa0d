import { pyRound } from '../data/letterbox';

/**
 * IEEE 754 half precision ↔ float32, as raw uint16 bits: what onnxruntime-node takes and returns
 * for float16 tensors (its Float16Array path is not dependable across Node/Electron versions).
 * Rounding is to nearest, ties to even, like numpy's astype(float16) and the ONNX Cast.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function floatToHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf, NaN (quiet)
  const e = exp - 112; // rebias 127 → 15
  if (e >= 31) return sign | 0x7c00; // too large: Inf
  if (e <= 0) return sign | pyRound(Math.abs(f32[0]) * 2 ** 24); // subnormal (1024 = the smallest normal's bits)
  const rest = mant & 0x1fff;
  let h = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // a carry into the exponent is still right (up to Inf)
  return sign | h;
}

let table: Float32Array | undefined;

/** Every half value as float32, built on first use (256 KB). */
function halfTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    table[h] =
      exp === 0
        ? sign * frac * 2 ** -24
        : exp === 31
          ? frac
            ? NaN
            : sign * Infinity
          : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return table;
}

export function halfBitsToFloat(bits: number): number {
  return halfTable()[bits & 0xffff];
}

export function toHalfBits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalfBits(values[i]);
  return out;
}

export function fromHalfBits(bits: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
  return out;
}
