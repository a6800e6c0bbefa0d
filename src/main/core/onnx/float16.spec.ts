import { describe, expect, it } from 'vitest';
import { seededRandom } from '../data/demo-dataset';
import { floatToHalfBits, fromHalfBits, halfBitsToFloat, toHalfBits } from './float16';

// Reference: the JS engine's own Float16Array (Node 24), which rounds to nearest, ties to even.
const engineHalf = (v: number) => new Uint16Array(Float16Array.of(v).buffer)[0];
const engineFloat = (bits: number) => new Float16Array(Uint16Array.of(bits).buffer)[0];

describe('float16 bits ↔ float32', () => {
  it('reads every one of the 65536 half values like Float16Array', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const ours = fromHalfBits(all);
    for (let h = 0; h < 65536; h++) {
      const want = engineFloat(h);
      if (Number.isNaN(want)) expect(Number.isNaN(ours[h])).toBe(true);
      else expect(Object.is(ours[h], want), `bits ${h.toString(16)}`).toBe(true);
      if (h % 997 === 0) expect(halfBitsToFloat(h)).toBe(ours[h]);
    }
  });

  it('rounds float32 to half like Float16Array: ties to even, subnormals, overflow, ±0, NaN', () => {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    const rnd = seededRandom(16);
    const edges = [
      0,
      -0,
      1,
      -1,
      65504,
      65519.99,
      65520,
      1e9,
      -1e9,
      2 ** -14,
      2 ** -24,
      2 ** -25,
      3 * 2 ** -26,
      2 ** -25 * 1.0001,
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
      Infinity,
      -Infinity,
      0.1,
      1 / 3,
    ];
    const values = [...edges, ...Array.from({ length: 200_000 }, () => ((u[0] = Math.floor(rnd() * 2 ** 32)), f[0]))];
    for (const v of values) {
      const want = engineHalf(v);
      const got = floatToHalfBits(v);
      if (Number.isNaN(v)) expect((got & 0x7c00) === 0x7c00 && (got & 0x3ff) !== 0).toBe(true);
      else expect(got, `${v}`).toBe(want);
    }
    expect(Array.from(toHalfBits([0.5, -2, 1e-8]))).toEqual([0x3800, 0xc000, 0]);
  });
});
