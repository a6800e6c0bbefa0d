import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace } from '../../src/main/core/workspace/workspace';

const TARGETS = [
  ['rk3588', 'rknn'],
  ['rk3568', 'rknn'],
  ['rv1106', 'rknn'],
  ['hi3519', 'atc'],
  ['orin', 'tensorrt'],
  ['host', 'sim'],
] as const;

const RUNTIME_OF: Record<string, 'rknn-board' | 'hisi-board' | 'tensorrt'> = {
  rknn: 'rknn-board',
  atc: 'hisi-board',
  tensorrt: 'tensorrt',
};

/**
 * A workspace with `count` finished runs written through the real store (repos, one transaction), with
 * deterministic names, targets, tags and metrics — what a year of experiments looks like.
 */
export function seedRunsWorkspace(count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'npu-wb-e2e-seeded-'));
  const ws = openWorkspace(dir);
  try {
    ws.db.transaction(() => {
      for (let i = 1; i <= count; i++) {
        const [target, backend] = TARGETS[i % TARGETS.length];
        const tags = [i % 3 === 0 ? 'hybrid' : 'int8', ...(i % 10 === 0 ? ['keep'] : [])];
        const run = ws.runs.create({
          name: `yolov8n-${target}-${String(i).padStart(5, '0')}`,
          target,
          backend,
          tags,
          configText: `name: yolov8n-${target}-${i}\ntarget: ${target}\nbackend: ${backend}\nstages:\n  - kind: env-snapshot\n`,
          status: i % 17 === 0 ? 'failed' : 'succeeded',
        });
        const map = 0.3 + ((i * 37) % 100) / 1000;
        const map50 = 0.5 + ((i * 53) % 100) / 1000;
        ws.metrics.set(run.id, { map, map50, latency_ms: 5 + ((i * 11) % 40) / 10 });
        // The AP ledger: the float model on the host and the built model where it ran, on the same images.
        const record = { runId: run.id, stageIndex: 0, stageKind: 'eval', modelPath: null, modelSha256: null };
        const stats = (ap: number) => [ap, ap + 0.2, ...Array<number>(10).fill(-1)];
        const runtime = RUNTIME_OF[backend] ?? 'builtin-sim';
        const common = { dataset: '500-seeded', images: 500 };
        ws.evaluations.add({
          ...record,
          ...common,
          variant: 'fp32',
          label: 'fp32',
          runtime: 'host-ort',
          stats: stats(0.42),
        });
        ws.evaluations.add({
          ...record,
          ...common,
          variant: 'w8a8',
          label: 'w8a8',
          runtime,
          stats: [map, map50, ...stats(map).slice(2)],
        });
      }
    })();
  } finally {
    ws.close();
  }
  return dir;
}
