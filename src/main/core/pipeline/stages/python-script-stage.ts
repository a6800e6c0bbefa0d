import path from 'node:path';
import { z } from 'zod';
import { defineStageKind } from '../stage-kind';
import { runDriverInStage, storeDriverResult } from './driver-stage';
import { timeoutParam } from './toolchain-stage';

/** A user's own step (e.g. custom post-processing) written against the driver protocol. */
export const pythonScriptStage = defineStageKind({
  kind: 'python-script',
  title: 'Python script',
  description:
    'Runs your own driver script (JSON config in, JSON lines out); its metrics and artifacts are stored with the run.',
  params: z
    .object({
      script: z.string().min(1),
      args: z.record(z.string(), z.unknown()).default({}),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, params) {
    const script = path.resolve(ctx.baseDir, params.script);
    const outcome = await runDriverInStage(
      ctx,
      script,
      params.args,
      params.timeoutSec ? params.timeoutSec * 1000 : undefined,
    );
    await storeDriverResult(ctx, outcome);
  },
});
