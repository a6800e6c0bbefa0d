import type { EvaluationRecord } from '../../../../shared/contract';
import { apHeadline } from '../../../../shared/evaluation/ap-headline';
import { RUNTIME_NAMES } from '../../../../shared/evaluation/runtime-names';

/** A variant as it ran somewhere: what per-class AP and PR curves are shown for. */
export const variantKey = (r: Pick<EvaluationRecord, 'variant' | 'label' | 'runtime'>): string =>
  `${r.label}\u0000${r.runtime}`;

export const variantKeyName = (r: Pick<EvaluationRecord, 'label' | 'runtime'>): string =>
  `${r.label} · ${RUNTIME_NAMES[r.runtime]}`;

/** The distinct variant × runtime pairs of the records, with a readable name. */
export function variantChoices(records: readonly EvaluationRecord[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of records) if (!seen.has(variantKey(r))) seen.set(variantKey(r), variantKeyName(r));
  return [...seen].map(([key, name]) => ({ key, name }));
}

/** Default choice: the first run's headline (its deployable variant on its most real runtime). */
export function defaultVariantKey(records: readonly EvaluationRecord[], firstRun: number | undefined): string | null {
  const head = apHeadline(records.filter((r) => r.runId === firstRun));
  const record = head && records.find((r) => r.id === head.evaluationId);
  return record ? variantKey(record) : records[0] ? variantKey(records[0]) : null;
}

/** Per run, the newest record of the chosen variant on the chosen runtime. */
export function chosenRecords(
  records: readonly EvaluationRecord[],
  runIds: readonly number[],
  key: string | null,
): EvaluationRecord[] {
  return runIds.flatMap((id) => {
    const mine = records.filter((r) => r.runId === id && variantKey(r) === key);
    return mine.length ? [mine.reduce((a, b) => (b.id > a.id ? b : a))] : [];
  });
}
