import type { EvaluationResult } from '../../eval/evaluate-model';
import type { StageContext } from '../../pipeline/stage-kind';

/**
 * What an rknn AP stage (simulator or board) stores besides its evaluation record: `<prefix>.map`, `.map50`,
 * `.map75`, `.images` metrics, per-class AP (`<prefix>.ap`, `.ap50`) and the detections, artifact
 * `<prefix>-detections`.
 */
export async function storeRknnAp(
  ctx: StageContext,
  prefix: 'board' | 'rknn_sim',
  result: EvaluationResult,
): Promise<void> {
  ctx.workspace.metrics.set(ctx.runId, {
    [`${prefix}.map`]: result.map,
    [`${prefix}.map50`]: result.map50,
    [`${prefix}.map75`]: result.map75,
    [`${prefix}.images`]: result.images,
  });
  ctx.workspace.metrics.setClassMetrics(
    ctx.runId,
    result.perClass.flatMap((c) => [
      { classId: c.id, className: c.name, key: `${prefix}.ap`, value: c.ap },
      { classId: c.id, className: c.name, key: `${prefix}.ap50`, value: c.ap50 },
    ]),
  );
  await ctx.workspace.artifacts.write(
    ctx.runId,
    `${prefix}-detections`,
    `${prefix}-detections.json`,
    JSON.stringify(result.detections),
  );
}
