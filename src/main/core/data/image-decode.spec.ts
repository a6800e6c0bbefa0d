import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-workspace';
import { decodeRgb } from './image-decode';

/** A real PNG whose IDAT chunk CRC is flipped (a bit error in transit or on disk). */
async function pngWithBadCrc(file: string): Promise<void> {
  const raw = Buffer.alloc(32 * 32 * 3, 0).map((_, i) => (i * 7) % 256);
  const png = await sharp(raw, { raw: { width: 32, height: 32, channels: 3 } })
    .png()
    .toBuffer();
  for (let o = 8; o < png.length;) {
    const len = png.readUInt32BE(o);
    if (png.toString('latin1', o + 4, o + 8) === 'IDAT') {
      png[o + 8 + len] ^= 0xff;
      break;
    }
    o += 12 + len;
  }
  writeFileSync(file, png);
}

describe('decodeRgb', () => {
  it('refuses a PNG with a bad CRC instead of scoring whatever libpng recovered', async () => {
    const file = path.join(tempDir(), 'bad-crc.png');
    await pngWithBadCrc(file);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    await expect(decodeRgb(file)).rejects.toThrow(`${file}: cannot decode image`);
  });

  it('decodes an intact PNG', async () => {
    const file = path.join(tempDir(), 'ok.png');
    await sharp(Buffer.alloc(8 * 4 * 3, 200), { raw: { width: 8, height: 4, channels: 3 } })
      .png()
      .toFile(file);
    expect(await decodeRgb(file)).toMatchObject({ width: 8, height: 4 });
  });
});
