import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { SYSTEM_PYTHON } from '../support/temp-workspace';

/** Folder to put on PYTHONPATH so `from rknn.api import RKNN` loads the fake toolkit (tests only). */
export const FAKE_RKNN_PATH = path.resolve(import.meta.dirname, 'fake-rknn');
/** Folder with the fake `atc` and `trtexec` executables, to prepend to PATH (tests only). */
export const FAKE_BIN = path.resolve(import.meta.dirname, 'bin');
export const TINY_YOLO = path.resolve(import.meta.dirname, '..', 'fixtures', 'models', 'tiny_yolo.py');

export function fakeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PYTHONPATH: FAKE_RKNN_PATH, PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/** A tiny YOLOv8-layout ONNX made by torch (64×64, 3 classes); cached per folder. */
export function tinyYoloOnnx(dir: string, arch: 'v8' | 'v5' = 'v8', imgsz = 64): string {
  const file = path.join(dir, `tiny-${arch}-${imgsz}.onnx`);
  if (!existsSync(file))
    execFileSync(SYSTEM_PYTHON, [TINY_YOLO, arch, file, '--imgsz', String(imgsz)], { stdio: 'ignore' });
  return file;
}

/** `count` small deterministic PNG images (noise), as calibration/analysis inputs. */
export async function syntheticImages(dir: string, count: number, size = 64): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let p = 0; p < pixels.length; p++) pixels[p] = (p * 31 + i * 97) % 251;
    const file = path.join(dir, `img_${String(i).padStart(3, '0')}.png`);
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .png()
      .toFile(file);
    files.push(file);
  }
  return files;
}
