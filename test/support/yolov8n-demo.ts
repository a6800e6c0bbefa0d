import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeDemoDataset } from '../../src/main/core/data/demo-dataset';
import { SYSTEM_PYTHON } from './system-packages';

/** The YOLOv8n-size detector with trained demo weights and its 640 mosaic data (yolov8n_demo.py). */
export interface Yolov8nDemo {
  model: string;
  /** data.yaml: `count.val` validation mosaics. */
  data: string;
  /** `count.calib` calibration mosaics. */
  calibDir: string;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'test/fixtures/models/yolov8n_demo.py');
const DEMO_ONNX = path.join(ROOT, 'resources/demo/demo-yolov8.onnx');
const INPUTS = [
  SCRIPT,
  DEMO_ONNX,
  'test/fixtures/models/layout_zoo.py',
  'resources/demo/tiny_yolov8.py',
  'resources/demo/train_demo.py',
  'src/main/core/data/demo-dataset.ts',
].map((f) => path.resolve(ROOT, f));
const TILES = 16; // 4 x 4 demo images per 640 mosaic

/**
 * Built once per content of its inputs and per count into the temp dir (about 15 s), shared by every spec and
 * bench run: concurrent builders each write a private folder and the first rename wins.
 */
export async function yolov8nDemo(count: { calib: number; val: number }): Promise<Yolov8nDemo> {
  const hash = createHash('sha256').update(JSON.stringify(count));
  for (const f of INPUTS) hash.update(readFileSync(f));
  const dir = path.join(os.tmpdir(), `npu-wb-yolov8n-demo-${hash.digest('hex').slice(0, 16)}`);
  const built = {
    model: path.join(dir, 'yolov8n-demo.onnx'),
    data: path.join(dir, 'data', 'data.yaml'),
    calibDir: path.join(dir, 'data', 'images', 'train'),
  };
  if (existsSync(built.data)) return built;
  const work = mkdtempSync(`${dir}.tmp-`);
  const demo = path.join(work, 'demo');
  try {
    await writeDemoDataset(demo, { train: count.calib * TILES, val: count.val * TILES });
    const args = ['--demo-onnx', DEMO_ONNX, '--demo-data', demo, '--calib', String(count.calib)];
    await promisify(execFile)(SYSTEM_PYTHON, [SCRIPT, work, ...args, '--val', String(count.val)]);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  rmSync(demo, { recursive: true });
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another worker finished first
  }
  return built;
}
