import { z } from 'zod';
import { py, pyArgs } from '../../pipeline/replay-python';
import { defineStageKind } from '../../pipeline/stage-kind';
import { convertStage } from '../../pipeline/stages/convert-stage';
import { resolveIn, stageWorkDir, timeoutParam, toolRun } from '../../pipeline/stages/toolchain-stage';
import {
  compareWithPolygraphy,
  tensorRtBackend,
  TensorRtOptionsSchema,
  trtexecArgs,
  trtexecBuildFlags,
} from './tensorrt-backend';

export const convertTrtStage = convertStage({
  kind: 'convert-trt',
  backend: tensorRtBackend,
  optionsSchema: TensorRtOptionsSchema,
  description: 'trtexec: engine build with per-layer precision and latency (TensorRT ≥ 11: int8 from a QDQ ONNX).',
  replay(p) {
    const flags = trtexecBuildFlags(
      `@${p.qdqModel ?? p.model}`,
      `!${p.out}`,
      { layerInfo: 'layers.json', profile: 'profile.json' },
      p.flags,
    );
    return [`subprocess.run([${py(p.executable)}, ${pyArgs(trtexecArgs(flags)).join(', ')}], check=True)`];
  },
});

/** TensorRT vs onnxruntime with Polygraphy (when installed): per-output max/mean error and the pass rate. */
export const compareTrtStage = defineStageKind({
  kind: 'compare-trt',
  title: 'Compare TensorRT vs ONNX (Polygraphy)',
  description: 'polygraphy run --trt --onnxrt: per-output absolute/relative error and pass rate, stored as metrics.',
  params: z
    .object({
      model: z.string().min(1),
      atol: z.number().nonnegative().default(1e-3),
      rtol: z.number().nonnegative().default(1e-3),
      trtFlags: z.array(z.string().regex(/^--[A-Za-z][\w-]*(=\S+)?$/)).default([]),
      executable: z.string().default('polygraphy'),
      timeoutSec: timeoutParam,
    })
    .strict(),
  async run(ctx, p) {
    const result = await compareWithPolygraphy(
      {
        model: resolveIn(ctx, p.model),
        atol: p.atol,
        rtol: p.rtol,
        trtFlags: p.trtFlags,
        executable: p.executable,
        cwd: await stageWorkDir(ctx, 'polygraphy'),
      },
      toolRun(ctx, p.timeoutSec),
    );
    const metrics: Record<string, number> = { 'trt_compare.pass_rate': result.passRate ?? 0 };
    for (const o of result.outputs) {
      if (o.absMax !== null) metrics[`trt_compare.${o.name}.abs_max`] = o.absMax;
      if (o.relMax !== null) metrics[`trt_compare.${o.name}.rel_max`] = o.relMax;
      ctx.log(`${o.name}: ${o.passed ? 'PASSED' : 'FAILED'} (max |Δ| ${o.absMax ?? '?'}, max rel ${o.relMax ?? '?'})`);
    }
    ctx.workspace.metrics.set(ctx.runId, metrics);
  },
});
