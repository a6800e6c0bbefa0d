import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './demo-dataset';
import { resizeLinearRows } from './resize-linear';

const resizeLinear = (src: Uint8Array, sw: number, sh: number, channels: number, dw: number, dh: number) => {
  const out = new Uint8Array(dw * dh * channels);
  resizeLinearRows(src, sw, sh, channels, dw, dh, (y, row) => out.set(row, y * row.length));
  return out;
}

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
    const cases = sizes.map(([sw, sh, dw, dh]) => ({ sw, sh, dw, dh, src: Array.from({ length: sw * sh * 3 }, () => Math.floor(rnd() * 256)) }));
    const { stdout } = await execa('/usr/bin/python3', ['-c', CV2], { input: JSON.stringify({ cases }) });
    const expected = JSON.parse(stdout) as number[][];
    cases.forEach((c, i) => {
      const ours = resizeLinear(Uint8Array.from(c.src), c.sw, c.sh, 3, c.dw, c.dh);
      const diffs = Array.from(ours, (v, j) => Math.abs(v - expected[i][j]));
      expect(Math.max(...diffs), `${c.sw}x${c.sh}→${c.dw}x${c.dh}`).toBeLessThanOrEqual(1);
      expect(diffs.filter((d) => d === 0).length / diffs.length).toBeGreaterThan(0.99);
    });
  });

  it('hands out the input rows unchanged when the size does not change', () => {
    const src = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const rows: Uint8Array[] = [];
    resizeLinearRows(src, 2, 2, 3, 2, 2, (_, row) => rows.push(row));
    expect(rows.map((r) => Array.from(r))).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
    expect(rows[1].buffer).toBe(src.buffer); // views, no copy
  });
});
