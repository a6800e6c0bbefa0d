import type { ApHeadline, EvaluationRecord } from '../contract/evaluation-schemas';
import { deployableOrder, RUNTIME_REALNESS } from './runtime-names';

export const DEFAULT_AP_BUDGET = 0.01;

/**
 * A run's headline AP: the variant it ships (not a proposal or a search candidate) on its most real
 * runtime (board > vendor simulator > built-in simulator > host), beside the float AP of the same
 * run on the same images. Red (overBudget) when it loses more than the budget the analysis used.
 */
export function apHeadline(records: readonly EvaluationRecord[]): ApHeadline | null {
  const measured = records.filter((r) => r.role === 'measured');
  if (measured.length === 0) return null;
  const quantized = measured.filter((r) => r.variant !== 'fp32');
  // A stage that says which of its models it was asked to build (configured) outranks its side measurements.
  const configured = quantized.filter((r) => r.variantDetail.configured !== false);
  const pool = configured.length ? configured : quantized.length ? quantized : measured;
  const best = [...pool].sort(
    (a, b) =>
      RUNTIME_REALNESS[b.runtime] - RUNTIME_REALNESS[a.runtime] ||
      deployableOrder(a.variant) - deployableOrder(b.variant) ||
      b.id - a.id,
  )[0];
  const floats = measured.filter((r) => r.variant === 'fp32' && r.dataset === best.dataset && r.id !== best.id);
  const float = floats.find((r) => r.runtime === 'host-ort') ?? floats[0] ?? null;
  const budget = typeof best.variantDetail.apBudget === 'number' ? best.variantDetail.apBudget : DEFAULT_AP_BUDGET;
  const deltaMap = float ? best.map - float.map : null;
  return {
    evaluationId: best.id,
    variant: best.variant,
    label: best.label,
    runtime: best.runtime,
    map: best.map,
    floatMap: float?.map ?? null,
    deltaMap,
    budget,
    overBudget: deltaMap !== null && deltaMap < -budget - 1e-12,
  };
}
