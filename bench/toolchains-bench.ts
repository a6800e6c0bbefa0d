// Toolchain benchmarks:
// 1. Head surgery of a YOLOv8n-size model at 640 (detect the head, cut, prune, fill static output shapes
//    with one onnxruntime inference, encode) against a plain protobuf decode + encode of the same file.
// 2. Parsing a 20,000-row rknn error_analysis.txt (2.x with runtime columns) against splitting it into lines.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cutHeadFile } from '../src/main/core/onnx/head-surgery';
import { decodeOnnx, encodeOnnx } from '../src/main/core/onnx/onnx-model';
import { parseErrorAnalysis } from '../src/main/core/vendors/rknn/rknn-error-analysis';
import type { BenchCase } from './run-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(os.tmpdir(), 'npu-workbench-bench', 'toolchains');

function yolov8nLike(): string {
  const file = path.join(cache, 'yolov8n-like.onnx');
  if (!existsSync(file)) {
    mkdirSync(cache, { recursive: true });
    execFileSync('/usr/bin/python3', [path.join(here, 'yolov8n_like.py'), file], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return file;
}

async function best(times: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function errorAnalysisText(rows: number): string {
  const lines = [
    'layer_name   simulator_error   runtime_error',
    '  entire  single  entire  single_sim',
    '-'.repeat(80),
  ];
  for (let i = 0; i < rows; i++) {
    const v = (1 - (i % 97) / 10000).toFixed(5);
    lines.push(
      i % 11 === 0
        ? `[Conv] conv_${i}/scale`
        : `[Conv] t_${i}   ${v} | ${(i % 13) / 10}   ${v} | 0.25     ${v} | 1.5   ${v} | 0.125`,
    );
  }
  return lines.join('\n');
}

export default async function (): Promise<BenchCase[]> {
  const model = yolov8nLike();
  const bytes = readFileSync(model);
  const out = path.join(cache, 'cut.onnx');
  const roundTrip = await best(3, () => encodeOnnx(decodeOnnx(bytes)));
  const surgery = await best(3, () => cutHeadFile(model, out, { preset: 'rknn9' }));
  const text = errorAnalysisText(20_000);
  const split = await best(5, () => text.split('\n').length);
  const parse = await best(5, () => parseErrorAnalysis(text));
  return [
    {
      name: 'surgery rknn9, YOLOv8n-size 640 (cut + shape fill + write)',
      baseline: { label: 'decode + encode the same ONNX', ms: roundTrip },
      ms: surgery,
      notes: `${(bytes.length / 1e6).toFixed(1)} MB`,
    },
    { name: 'parse error_analysis.txt, 20,000 rows', baseline: { label: 'split into lines', ms: split }, ms: parse },
  ];
}
