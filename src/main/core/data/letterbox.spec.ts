import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Float32Pool } from './float32-pool';
import { decodeBmp, readImageSize } from './image-decode';
import {
  LETTERBOX_PRESETS,
  letterbox,
  letterboxGeometry,
  PRESET_PREPROCESS,
  pyRound,
  resolvePreprocess,
  unletterboxBox,
} from './letterbox';

const sq = (n: number) => ({ width: n, height: n });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'letterbox-'));
});

/** A 24-bit bottom-up BMP written byte by byte. */
function bmp24(width: number, height: number, rgbAt: (x: number, y: number) => number[]): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgbAt(x, y);
      const o = 54 + (height - 1 - y) * stride + x * 3;
      buf[o] = b;
      buf[o + 1] = g;
      buf[o + 2] = r;
    }
  }
  return buf;
}

describe('letterbox geometry (values from the reference Python code)', () => {
  it('ultralytics: long side with ceil, pad split round(d ∓ 0.1), gain = resized_h / h0', () => {
    expect(letterboxGeometry(500, 375, sq(640), 'ultralytics')).toMatchObject({
      resizedWidth: 640,
      resizedHeight: 480,
      left: 0,
      top: 80,
      gainY: 1.28,
      padY: 80,
    });
    expect(letterboxGeometry(101, 33, sq(64), 'ultralytics')).toMatchObject({
      resizedWidth: 64,
      resizedHeight: 21,
      left: 0,
      top: 21,
      gainX: 21 / 33,
      padX: 0,
      padY: 21,
    });
    expect(letterboxGeometry(810, 1080, sq(640), 'ultralytics')).toMatchObject({
      resizedWidth: 480,
      resizedHeight: 640,
      left: 80,
      top: 0,
      gainX: 0.5925925925925926,
    });
    expect(letterboxGeometry(33, 101, sq(64), 'ultralytics')).toMatchObject({
      resizedWidth: 21,
      resizedHeight: 64,
      left: 21,
      top: 0,
      gainX: 64 / 101,
    });
  });

  it('rknn-model-zoo: Python round (half to even) and the fractional half-pad for mapping back', () => {
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(3.5)).toBe(4);
    expect(letterboxGeometry(4, 1, sq(10), 'rknn-model-zoo')).toMatchObject({
      resizedWidth: 10,
      resizedHeight: 2,
      top: 4,
      padY: 4,
      gainX: 2.5,
    });
    expect(letterboxGeometry(101, 33, sq(64), 'rknn-model-zoo')).toMatchObject({
      resizedWidth: 64,
      resizedHeight: 21,
      top: 21,
      padY: 21.5,
      gainX: 0.6336633663366337,
    });
  });

  it('yolox: truncated resize pasted top-left', () => {
    expect(letterboxGeometry(500, 375, sq(416), 'yolox')).toMatchObject({
      resizedWidth: 416,
      resizedHeight: 312,
      left: 0,
      top: 0,
      gainX: 0.832,
    });
    expect(letterboxGeometry(101, 33, sq(64), 'yolox')).toMatchObject({ resizedWidth: 64, resizedHeight: 20 });
  });

  it('maps boxes back through the pad and gain and clips them to the image', () => {
    const g = letterboxGeometry(500, 375, sq(640), 'ultralytics');
    expect(unletterboxBox(g, 64, 80 + 128, 128, 80 + 256)).toEqual([50, 100, 100, 200]);
    expect(unletterboxBox(g, -10, 0, 700, 640)).toEqual([0, 0, 500, 375]);
  });
});

describe('letterbox pixels', () => {
  it('ultralytics: RGB /255 with 114 padding around the centred image', async () => {
    const file = path.join(dir, 'red.png');
    await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .png()
      .toFile(file);
    const { data, geometry } = await letterbox(file, { imgsz: 8, preset: 'ultralytics' });
    expect(geometry).toMatchObject({ resizedWidth: 8, resizedHeight: 4, top: 2, left: 0 });
    const plane = 64;
    expect(data[0]).toBeCloseTo(114 / 255, 6); // pad row 0, R
    expect(data[2 * 8 + 3]).toBe(1); // row 2 is image: R = 255/255
    expect(data[plane + 2 * 8 + 3]).toBe(0);
    expect(data[7 * 8]).toBeCloseTo(114 / 255, 6);
  });

  it('yolox: BGR 0..255 pasted top-left on 114; rknn-model-zoo pads with 0', async () => {
    const file = path.join(dir, 'blue.png');
    await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 0, g: 0, b: 200 } } })
      .png()
      .toFile(file);
    const yx = await letterbox(file, { imgsz: 8, preset: 'yolox' });
    expect(yx.data[0]).toBe(200); // channel 0 is B
    expect(yx.data[2 * 64]).toBe(0);
    expect(yx.data[7 * 8]).toBe(114);
    const mz = await letterbox(file, { imgsz: 8, preset: 'rknn-model-zoo' });
    expect(mz.data[0]).toBe(0);
    expect(mz.data[2 * 64 + 2 * 8]).toBeCloseTo(200 / 255, 6);
  });

  it('fills a recycled buffer (stale contents) exactly like a fresh one, for every preset', async () => {
    const file = path.join(dir, 'noise.png');
    const w = 37;
    const h = 23;
    const pixels = Buffer.from(Array.from({ length: w * h * 3 }, (_, i) => (i * 73 + 11) % 256));
    await sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(file);
    for (const preset of LETTERBOX_PRESETS) {
      for (const imgsz of [sq(64), { width: 96, height: 32 }]) {
        const fresh = await letterbox(file, { imgsz, preset });
        const pool = new Float32Pool();
        pool.give(new Float32Array(fresh.data.length).fill(Number.NaN));
        const recycled = await letterbox(file, { imgsz, preset, pool });
        expect(Buffer.from(recycled.data.buffer).equals(Buffer.from(fresh.data.buffer))).toBe(true);
      }
    }
  });

  it('a preset is its options: giving them all explicitly is bit-identical to the preset alone', async () => {
    const file = path.join(dir, 'noise.png');
    for (const preset of LETTERBOX_PRESETS) {
      const alone = await letterbox(file, { imgsz: { width: 96, height: 32 }, preset });
      const spelled = await letterbox(file, {
        imgsz: { width: 96, height: 32 },
        preset,
        preprocess: { ...PRESET_PREPROCESS[preset] },
      });
      expect(Buffer.from(spelled.data.buffer).equals(Buffer.from(alone.data.buffer))).toBe(true);
    }
  });

  it('overrides: pad value and placement, stretch resize, channel order and per-channel mean/std', async () => {
    const file = path.join(dir, 'rgb.png');
    await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 200, g: 100, b: 50 } } })
      .png()
      .toFile(file);
    const plane = 64;
    const topLeft = await letterbox(file, {
      imgsz: 8,
      preset: 'ultralytics',
      preprocess: { pad: 128, placement: 'top-left' },
    });
    expect(topLeft.geometry).toMatchObject({ left: 0, top: 0, padX: 0, padY: 0, resizedHeight: 4 });
    expect(topLeft.data[0]).toBe(Math.fround(200 / 255)); // row 0 is image now
    expect(topLeft.data[7 * 8]).toBe(Math.fround(128 / 255)); // the pad moved to the bottom, with its new value
    expect(unletterboxBox(topLeft.geometry, 0, 0, 8, 4)).toEqual([0, 0, 8, 4]);

    const centred = await letterbox(file, { imgsz: 8, preset: 'yolox', preprocess: { placement: 'centre' } });
    expect(centred.geometry).toMatchObject({ left: 0, top: 2, padY: 2 });
    expect(centred.data[0]).toBe(114); // yolox pad, now above the image

    // nanodet: stretch (no pad), BGR, (x - mean) / std per model channel.
    const nano = await letterbox(file, { imgsz: 8, preset: 'nanodet' });
    expect(nano.geometry).toMatchObject({ resizedWidth: 8, resizedHeight: 8, gainX: 1, gainY: 2, padX: 0, padY: 0 });
    expect(nano.data[0]).toBe(Math.fround((50 - 103.53) / 57.375)); // plane 0 = B
    expect(nano.data[plane]).toBe(Math.fround((100 - 116.28) / 57.12));
    expect(nano.data[2 * plane + 63]).toBe(Math.fround((200 - 123.675) / 58.395));
    expect(unletterboxBox(nano.geometry, 0, 0, 8, 8)).toEqual([0, 0, 8, 4]);

    const rgbStd = await letterbox(file, {
      imgsz: 8,
      preset: 'rtdetr',
      preprocess: { channels: 'bgr', mean: [0, 0, 0], std: [1, 2, 4] },
    });
    expect([rgbStd.data[0], rgbStd.data[plane], rgbStd.data[2 * plane]]).toEqual([50, 50, 50]);
    expect(resolvePreprocess('rtdetr', { pad: 0 })).toEqual({ ...PRESET_PREPROCESS.rtdetr, pad: 0 });
  });

  it('applies EXIF orientation before letterboxing', async () => {
    const file = path.join(dir, 'rot.jpg');
    await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 10, g: 20, b: 30 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(file);
    expect(await readImageSize(file)).toEqual({ width: 20, height: 40 });
    const { geometry } = await letterbox(file, { imgsz: 40, preset: 'ultralytics' });
    expect(geometry).toMatchObject({
      originalWidth: 20,
      originalHeight: 40,
      resizedWidth: 20,
      resizedHeight: 40,
      left: 10,
    });
  });

  it('decodes BMP (which libvips cannot) and WebP', async () => {
    const px = (x: number, y: number) => [x * 100, y * 100, 7];
    const buf = bmp24(3, 2, px);
    const decoded = decodeBmp(buf, 'x.bmp');
    expect([...decoded.data]).toEqual([0, 0, 7, 100, 0, 7, 200, 0, 7, 0, 100, 7, 100, 100, 7, 200, 100, 7]);
    const file = path.join(dir, 'img.bmp');
    writeFileSync(file, buf);
    const { data } = await letterbox(file, { imgsz: { width: 3, height: 2 }, preset: 'yolox' });
    expect(data[0 * 6 + 4]).toBe(7); // B plane, (1,1)
    expect(data[2 * 6 + 5]).toBe(200); // R plane, (2,1)
    const webp = path.join(dir, 'img.webp');
    await sharp({ create: { width: 6, height: 6, channels: 3, background: { r: 0, g: 255, b: 0 } } })
      .webp({ lossless: true })
      .toFile(webp);
    expect((await letterbox(webp, { imgsz: 6, preset: 'ultralytics' })).data[36]).toBe(1);
  });

  it('reports a truncated image with its path', async () => {
    const file = path.join(dir, 'cut.png');
    const full = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toBuffer();
    writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    await expect(letterbox(file, { imgsz: 32, preset: 'ultralytics' })).rejects.toThrow(`${file}: cannot decode image`);
    await expect(letterbox(path.join(dir, 'nope.png'), { imgsz: 32, preset: 'ultralytics' })).rejects.toThrow(
      'nope.png: image not found',
    );
  });
});
