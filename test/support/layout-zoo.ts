import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_PYTHON } from './temp-workspace';

/** One model of the layout zoo (test/fixtures/models/layout_zoo.py writes manifest.json with these). */
export interface ZooModel {
  name: string;
  file: string;
  exporter: string;
  versions: string;
  opset: number;
  nc: number;
  imgsz: number;
  /** What surgery must do: find this head kind, pass the model through, or refuse it. */
  surgery: 'yolov8' | 'yolov5' | 'yolox' | 'passthrough' | 'refuse';
  /** The decoder eval must pick for the uncut model, or 'refuse'. */
  head: string;
  quant?: 'qdq' | 'convinteger' | 'qoperator';
  demoWeights?: boolean;
  /** Decoders the output shapes fit alike (NanoDet-Plus vs NanoDet-m priors): eval needs the head named. */
  pick?: string[];
  /** The same weights with the decode done in torch: one [1, 4+C, N] xywh output (decoder tests). */
  reference?: string;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCRIPTS = [
  'test/fixtures/models/layout_zoo.py',
  'test/fixtures/models/onnx_quant.py',
  'test/fixtures/models/tiny_yolo.py',
  'resources/demo/tiny_yolov8.py',
  'resources/demo/demo-yolov8.onnx',
].map((f) => path.join(ROOT, f));

/**
 * The zoo, built once per content of its scripts (and the demo weights) into the temp dir and shared by every
 * spec file of the run: concurrent builders each write a private folder and the first rename wins.
 */
export function layoutZoo(): { dir: string; models: ZooModel[]; path: (m: ZooModel) => string } {
  const hash = createHash('sha256');
  for (const f of SCRIPTS) hash.update(readFileSync(f));
  const dir = path.join(os.tmpdir(), `npu-wb-layout-zoo-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const work = mkdtempSync(`${dir}.tmp-`);
    execFileSync(SYSTEM_PYTHON, [SCRIPTS[0], work, '--demo-onnx', SCRIPTS[4]], { stdio: 'ignore' });
    try {
      renameSync(work, dir);
    } catch {
      rmSync(work, { recursive: true, force: true }); // another worker finished first
    }
  }
  const { models } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { models: ZooModel[] };
  return { dir, models, path: (m) => path.join(dir, m.file) };
}
