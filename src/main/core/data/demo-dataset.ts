import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/**
 * The demo project's synthetic detection dataset: filled shapes of four classes, varied sizes and
 * colours, on noisy gradients with line/dot clutter, in the Ultralytics layout (images/, labels/,
 * data.yaml). Fully deterministic (seeded PRNG, lossless PNG), so it is generated at first use
 * instead of being committed, and the training script (resources/demo/train_demo.py) and every
 * machine see the same pixels.
 */

export const DEMO_CLASSES = ['circle', 'rectangle', 'triangle', 'cross'] as const;
export const DEMO_DATASET_VERSION = 1;
export const DEMO_SPLITS = { train: 1200, val: 200 } as const;

/** mulberry32: tiny, fast, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  cls: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  color: number[];
}

const inside = (s: Shape, x: number, y: number): boolean => {
  const u = (x + 0.5 - s.x0) / (s.x1 - s.x0);
  const v = (y + 0.5 - s.y0) / (s.y1 - s.y0);
  if (u < 0 || u > 1 || v < 0 || v > 1) return false;
  switch (s.cls) {
    case 0:
      return (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25;
    case 1:
      return true;
    case 2:
      return Math.abs(u - 0.5) <= v / 2;
    default:
      return Math.abs(u - 0.5) <= 0.17 || Math.abs(v - 0.5) <= 0.17;
  }
};

const boxIou = (a: Shape, b: Shape): number => {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const i = w * h;
  return i / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - i);
};

/** One image: RGB pixels plus its shapes (integer pixel boxes). */
export function renderDemoImage(seed: number): { width: number; height: number; pixels: Buffer; shapes: Shape[] } {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const width = int(128, 224);
  const height = int(128, 224);
  const base = [int(40, 215), int(40, 215), int(40, 215)];
  const grad = [int(-40, 40), int(-40, 40), int(-40, 40)];
  const pixels = Buffer.alloc(width * height * 3);
  // Noise in 2×2 blocks: texture for the detector, yet PNGs stay small.
  const noise = Float64Array.from({ length: Math.ceil(width / 2) * Math.ceil(height / 2) }, () => (rnd() - 0.5) * 36);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const f = (x + y) / (width + height);
      const nz = noise[(y >> 1) * Math.ceil(width / 2) + (x >> 1)];
      for (let c = 0; c < 3; c++)
        pixels[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, base[c] + grad[c] * f + nz));
    }
  }
  const put = (x: number, y: number, color: number[]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    for (let c = 0; c < 3; c++) pixels[(y * width + x) * 3 + c] = color[c];
  };
  // Clutter: thin lines and dots that are not objects.
  for (let n = int(2, 6); n > 0; n--) {
    const color = [int(0, 255), int(0, 255), int(0, 255)];
    const [x0, y0, x1, y1] = [int(0, width), int(0, height), int(0, width), int(0, height)];
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++)
      put(Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), color);
  }
  for (let n = int(3, 12); n > 0; n--) {
    const color = [int(0, 255), int(0, 255), int(0, 255)];
    const [cx, cy, r] = [int(0, width), int(0, height), int(1, 3)];
    for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) put(cx + x, cy + y, color);
  }
  const shapes: Shape[] = [];
  for (let n = int(1, 6), tries = 0; shapes.length < n && tries < 50; tries++) {
    const size = Math.round(10 + rnd() ** 1.5 * 80);
    const aspect = 0.65 + rnd() * 0.7;
    const w = Math.max(8, Math.min(width - 2, Math.round(size * aspect)));
    const h = Math.max(8, Math.min(height - 2, Math.round(size / aspect)));
    const x0 = int(0, width - w);
    const y0 = int(0, height - h);
    const cand: Shape = { cls: int(0, 3), x0, y0, x1: x0 + w, y1: y0 + h, color: [0, 0, 0] };
    if (shapes.some((s) => boxIou(s, cand) > 0.2)) continue;
    // A colour far enough from the background so every object is visible.
    do cand.color = [int(0, 255), int(0, 255), int(0, 255)];
    while (cand.color.reduce((d, c, i) => d + Math.abs(c - base[i]), 0) < 150);
    shapes.push(cand);
  }
  // Largest first, so a small shape lying on a large one stays visible.
  const area = (s: Shape) => (s.x1 - s.x0) * (s.y1 - s.y0);
  for (const s of [...shapes].sort((a, b) => area(b) - area(a))) {
    for (let y = s.y0; y < s.y1; y++) for (let x = s.x0; x < s.x1; x++) if (inside(s, x, y)) put(x, y, s.color);
  }
  return { width, height, pixels, shapes };
}

/** YOLO label lines (class cx cy w h, normalized) for an image's shapes. */
export function yoloLabelLines(img: { width: number; height: number; shapes: Shape[] }): string {
  const f = (v: number) => v.toFixed(6);
  return img.shapes
    .map(
      (s) =>
        `${s.cls} ${f((s.x0 + s.x1) / 2 / img.width)} ${f((s.y0 + s.y1) / 2 / img.height)} ` +
        `${f((s.x1 - s.x0) / img.width)} ${f((s.y1 - s.y0) / img.height)}\n`,
    )
    .join('');
}

/**
 * Writes the dataset into `dir` (Ultralytics layout + data.yaml). Seeds differ per split so val never repeats train.
 */
export async function writeDemoDataset(
  dir: string,
  counts: { train: number; val: number } = DEMO_SPLITS,
): Promise<void> {
  for (const [split, count, seedBase] of [
    ['train', counts.train, 1_000_000],
    ['val', counts.val, 2_000_000],
  ] as const) {
    await mkdir(path.join(dir, 'images', split), { recursive: true });
    await mkdir(path.join(dir, 'labels', split), { recursive: true });
    for (let i = 0; i < count; i++) {
      const img = renderDemoImage(seedBase + i);
      const stem = `${split}_${String(i).padStart(5, '0')}`;
      await sharp(img.pixels, { raw: { width: img.width, height: img.height, channels: 3 } })
        .png({ compressionLevel: 9 })
        .toFile(path.join(dir, 'images', split, `${stem}.png`));
      await writeFile(path.join(dir, 'labels', split, `${stem}.txt`), yoloLabelLines(img));
    }
  }
  const names = DEMO_CLASSES.map((n, i) => `  ${i}: ${n}`).join('\n');
  await writeFile(
    path.join(dir, 'data.yaml'),
    `# NPU Workbench demo dataset v${DEMO_DATASET_VERSION} (synthetic, deterministic)\n` +
      `path: .\ntrain: images/train\nval: images/val\nnames:\n${names}\n`,
  );
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'npu-workbench');
}

/** Where the demo dataset lives (whether or not it has been generated yet). */
export function demoDatasetDir(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `demo-dataset-v${DEMO_DATASET_VERSION}`);
}

/**
 * The demo dataset folder, generated on first use into the cache (atomically: a temp folder renamed
 * into place, so an interrupted generation is never mistaken for a complete one).
 */
export async function ensureDemoDataset(cacheDir = defaultCacheDir()): Promise<string> {
  const dir = demoDatasetDir(cacheDir);
  if (existsSync(path.join(dir, 'data.yaml'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await writeDemoDataset(tmp);
  try {
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'data.yaml'))) throw error; // another process won the race: fine
  }
  return dir;
}
