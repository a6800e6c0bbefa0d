import type { ApTable, EvaluationRecord, RuntimeKind } from '../../../shared/contract';
import { RUNTIME_ORDER } from '../../../shared/evaluation/runtime-names';
import { sortForTable } from './compare-evaluations';
import { pickReference } from '../../../shared/evaluation/reference-record';

/**
 * The report's table (“fp32 ONNX 44.3, 16-bit 43.7, 8-bit 39.1 …”): one row per run and variant,
 * one column per runtime, each cell the newest AP measured there with its delta to the fp32
 * reference. Only records on the reference's dataset are placed; the others are counted.
 */
export function buildApTable(
  records: readonly EvaluationRecord[],
  runIds: readonly number[],
  runNames: ReadonlyMap<number, string>,
  dataset?: string,
): ApTable {
  const reference = pickReference(records, runIds, dataset);
  const refDataset = reference?.dataset ?? dataset ?? records[0]?.dataset ?? null;
  const placed = records.filter((r) => r.dataset === refDataset);
  const runtimes = RUNTIME_ORDER.filter((rt) => placed.some((r) => r.runtime === rt));
  const rows = new Map<
    string,
    { run: number; variant: string; label: string; cells: Map<RuntimeKind, EvaluationRecord> }
  >();
  for (const r of sortForTable(placed, runIds)) {
    const key = `${r.runId}\u0000${r.variant}\u0000${r.label}`;
    const row = rows.get(key) ?? { run: r.runId, variant: r.variant, label: r.label, cells: new Map() };
    const prev = row.cells.get(r.runtime);
    if (!prev || r.id > prev.id) row.cells.set(r.runtime, r);
    rows.set(key, row);
  }
  return {
    dataset: refDataset,
    reference: reference && { run: reference.runId, runtime: reference.runtime, map: reference.map },
    runtimes,
    rows: [...rows.values()].map((row) => ({
      run: row.run,
      runName: runNames.get(row.run) ?? `run ${row.run}`,
      variant: row.variant,
      label: row.label,
      cells: runtimes.map((rt) => {
        const r = row.cells.get(rt);
        return r ? { evaluationId: r.id, map: r.map, deltaMap: reference ? r.map - reference.map : null } : null;
      }),
    })),
    otherDataset: records.length - placed.length,
  };
}
