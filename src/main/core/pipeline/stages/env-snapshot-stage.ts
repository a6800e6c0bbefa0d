import os from 'node:os';
import { z } from 'zod';
import { pythonScript } from '../../workspace/resources-dir';
import { defineStageKind } from '../stage-kind';
import { runDriverInStage } from './driver-stage';
import { WORKBENCH_VERSION } from '../../workspace/version';

/** Records the Python packages, OS and workbench versions the run used (as Aim does), so runs stay explainable. */
export const envSnapshotStage = defineStageKind({
  kind: 'env-snapshot',
  title: 'Environment snapshot',
  description: 'Records Python, torch, onnx, rknn-toolkit2 and other versions with the run.',
  params: z.object({ packages: z.array(z.string().regex(/^[A-Za-z0-9_.]+$/)).optional() }).strict(),
  async run(ctx, params) {
    const outcome = await runDriverInStage(
      ctx,
      pythonScript('env_snapshot.py'),
      { packages: params.packages ?? null },
      120_000,
    );
    const snapshot = {
      workbench: WORKBENCH_VERSION,
      node: process.versions.node,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      python: outcome.result.python ?? null,
      packages: outcome.result.packages ?? {},
    };
    ctx.workspace.runs.setEnvSnapshot(ctx.runId, snapshot);
    ctx.log(
      `python ${String(snapshot.python)}; ${Object.entries(snapshot.packages as Record<string, string | null>)
        .map(([k, v]) => `${k}=${v ?? 'missing'}`)
        .join(' ')}`,
    );
  },
});
