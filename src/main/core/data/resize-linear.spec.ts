import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './demo-dataset';
import { resizeLinearToPlanes } from './resize-linear';

/** Resized packed RGB, read back from the three planes resizeLinearToPlanes writes (an identity table). */
const resizeLinear = (src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array => {
  const plane = dw * dh;
  const planes = new Float32Array(3 * plane).fill(-1);
  const lut = Float32Array.from({ length: 256 }, (_, v) => v);
  resizeLinearToPlanes(src, sw, sh, dw, dh, {
    out: planes,
    planes: [0, plane, 2 * plane],
    rowOffset: (y) => y * dw,
    x0: 0,
    x1: dw,
    lut,
  });
  return Uint8Array.from({ length: 3 * plane }, (_, i) => planes[(i % 3) * plane + Math.floor(i / 3)]);
};

// Reference: cv2.resize(INTER_LINEAR) from Debian's python3-opencv, on the same pixels.
const CV2 = `
import sys, json, numpy as np, cv2
req = json.load(sys.stdin)
out = []
for c in req['cases']:
    src = np.array(c['src'], dtype=np.uint8).reshape(c['sh'], c['sw'], 3)
    out.append(cv2.resize(src, (c['dw'], c['dh']), interpolation=cv2.INTER_LINEAR).reshape(-1).tolist())
print(json.dumps(out))
`;

describe('resizeLinear (OpenCV INTER_LINEAR semantics)', () => {
  it('matches cv2.resize within one level and >99% exactly, when shrinking and enlarging', async () => {
    const rnd = seededRandom(7);
    const sizes = [
      [37, 23, 16, 10],
      [200, 150, 160, 120],
      [64, 48, 160, 120],
      [101, 33, 64, 21],
    ];
    const cases = sizes.map(([sw, sh, dw, dh]) => ({
      sw,
      sh,
      dw,
      dh,
      src: Array.from({ length: sw * sh * 3 }, () => Math.floor(rnd() * 256)),
    }));
    const { stdout } = await execa('/usr/bin/python3', ['-c', CV2], { input: JSON.stringify({ cases }) });
    const expected = JSON.parse(stdout) as number[][];
    cases.forEach((c, i) => {
      const ours = resizeLinear(Uint8Array.from(c.src), c.sw, c.sh, c.dw, c.dh);
      const diffs = Array.from(ours, (v, j) => Math.abs(v - expected[i][j]));
      expect(Math.max(...diffs), `${c.sw}x${c.sh}→${c.dw}x${c.dh}`).toBeLessThanOrEqual(1);
      expect(diffs.filter((d) => d === 0).length / diffs.length).toBeGreaterThan(0.99);
    });
  });

  it('copies the pixels unchanged at the same size, and writes only the rows and columns asked for', () => {
    const src = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(resizeLinear(src, 2, 2, 2, 2))).toEqual(Array.from(src));
    for (const [dw, dh] of [
      [2, 2],
      [5, 3],
    ]) {
      const out = new Float32Array(3 * 4 * 4).fill(-1);
      const lut = Float32Array.from({ length: 256 }, (_, v) => v);
      // Rows 1.. of a 4×4 canvas, column 1 on; row 0 of the resized image is skipped; BGR plane order.
      resizeLinearToPlanes(src, 2, 2, dw, dh, {
        out,
        planes: [32, 16, 0],
        rowOffset: (y) => (y === 0 ? -1 : y * 4 + 1),
        x0: 0,
        x1: 2,
        lut,
      });
      const written = Array.from(out, (v, i) => (v >= 0 ? i : -1)).filter((i) => i >= 0);
      expect(written).toEqual(
        [0, 16, 32].flatMap((p) => [5, 6, 9, 10].filter((o) => Math.floor(o / 4) < dh).map((o) => p + o)),
      );
      if (dw === 2) expect([out[32 + 5], out[16 + 5], out[5]]).toEqual([7, 8, 9]); // source R, G, B of pixel (0, 1)
    }
  });
});
