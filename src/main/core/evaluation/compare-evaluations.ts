import type { CompareResult, EvaluationRecord } from '../../../shared/contract';
import { RUNTIME_ORDER, variantOrder } from '../../../shared/evaluation/runtime-names';
import { pickReference } from '../../../shared/evaluation/reference-record';

/** Records in table order: run order as given, then variant (float first), then runtime (host first). */
export function sortForTable(records: readonly EvaluationRecord[], runIds: readonly number[]): EvaluationRecord[] {
  const runIndex = new Map(runIds.map((id, i) => [id, i]));
  return [...records].sort(
    (a, b) =>
      (runIndex.get(a.runId) ?? 0) - (runIndex.get(b.runId) ?? 0) ||
      variantOrder(a.variant) - variantOrder(b.variant) ||
      RUNTIME_ORDER.indexOf(a.runtime) - RUNTIME_ORDER.indexOf(b.runtime) ||
      a.id - b.id,
  );
}

/**
 * `runs compare`: every record of the runs against one fp32 reference. A row measured on another
 * dataset than the reference keeps its AP but gets no delta (null): APs on different images are
 * never subtracted.
 */
export function compareEvaluations(
  records: readonly EvaluationRecord[],
  runIds: readonly number[],
  dataset?: string,
): CompareResult {
  const reference = pickReference(records, runIds, dataset);
  const refDataset = reference?.dataset ?? dataset ?? null;
  const rows = sortForTable(records, runIds).map((r) => {
    const comparable = reference !== null && r.dataset === refDataset;
    return {
      run: r.runId,
      variant: r.variant,
      runtime: r.runtime,
      dataset: r.dataset,
      map: r.map,
      map50: r.map50,
      delta_map: comparable ? r.map - reference.map : null,
      delta_map50: comparable && r.map50 >= 0 && reference.map50 >= 0 ? r.map50 - reference.map50 : null,
      latency_ms: r.latencyMs,
      latency_where: r.latencyWhere,
      images: r.images,
    };
  });
  return {
    reference: reference && {
      run: reference.runId,
      variant: reference.variant,
      runtime: reference.runtime,
      map: reference.map,
    },
    rows,
  };
}
