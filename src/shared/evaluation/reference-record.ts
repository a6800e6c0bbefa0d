import type { EvaluationRecord } from '../contract/evaluation-schemas';

/**
 * The fp32 record deltas are taken against: on `dataset` when given, from the first of the runs
 * (in the order given) that has one; host onnxruntime preferred (the float model's own runtime),
 * then the first measurement (a later re-measurement of the float model does not move the reference).
 */
export function pickReference(
  records: readonly EvaluationRecord[],
  runIds: readonly number[],
  dataset?: string,
): EvaluationRecord | null {
  const floats = records.filter(
    (r) => r.variant === 'fp32' && r.role !== 'candidate' && (!dataset || r.dataset === dataset),
  );
  if (floats.length === 0) return null;
  const rank = (id: number) => (runIds.includes(id) ? runIds.indexOf(id) : runIds.length);
  const firstRun = floats.reduce((a, b) => (rank(b.runId) < rank(a.runId) ? b : a)).runId;
  const sameRun = floats.filter((r) => r.runId === firstRun);
  const host = sameRun.filter((r) => r.runtime === 'host-ort');
  const pool = host.length ? host : sameRun;
  return pool.reduce((a, b) => (b.id < a.id ? b : a));
}
