import { EvalParamsSchema } from '../../../../shared/contract';
import { runEvaluation } from '../../eval/run-evaluation';
import { storeEvaluation } from '../../eval/store-evaluation';
import { defineStageKind } from '../stage-kind';

/** `- kind: eval` in a run YAML: COCO AP of an ONNX model on a dataset, or of a COCO results file. */
export const evalStage = defineStageKind({
  kind: 'eval',
  title: 'Evaluate (COCO AP)',
  description:
    'Runs an ONNX detector with onnxruntime on a dataset (or scores a COCO results file) ' +
    'and stores mAP, per-class AP, PR curves and detections.',
  params: EvalParamsSchema,
  async run(ctx, params) {
    const report = await runEvaluation(params, {
      baseDir: ctx.baseDir,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total, 'images'),
    });
    for (const w of report.warnings) ctx.log(`warning: ${w}`, 'stderr');
    ctx.log(
      `${Object.entries(report.setup)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    // The decoder and letterbox the AP comes from, readable at the end of the line (the setup line is long).
    const { head, preset } = report.setup;
    const decoded = head ? ` (head ${head}, preset ${preset})` : '';
    ctx.log(
      `mAP50-95 ${report.map.toFixed(4)}  mAP50 ${report.map50.toFixed(4)}  ` +
        `on ${report.images} images in ${report.seconds.toFixed(2)} s${decoded}`,
    );
    await storeEvaluation({ ...ctx, stageKind: 'eval' }, report, { variant: params.variant, runtime: params.runtime });
  },
});
