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
        ws.metrics.set(run.id, {
          map: 0.3 + ((i * 37) % 100) / 1000,
          map50: 0.5 + ((i * 53) % 100) / 1000,
          latency_ms: 5 + ((i * 11) % 40) / 10,
        });
      }
    })();
  } finally {
    ws.close();
  }
  return dir;
}
