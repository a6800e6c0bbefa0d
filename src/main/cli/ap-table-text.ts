import type { ApTable, CompareResult } from '../../shared/contract';
import { formatAp, formatDelta, RUNTIME_NAMES } from '../../shared/evaluation/runtime-names';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((_, i) => Math.max(...[headers, ...rows].map((r) => r[i].length)));
  return [headers, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `ap-table`: the report's layout — variants down, runtimes across, "AP (Δ)" in each cell. */
export function formatApTable(t: ApTable): string {
  if (t.rows.length === 0)
    return 'No AP measured in these runs yet (eval, analyse, rknn-eval, board-eval record one).\n';
  const ref = t.reference
    ? `reference fp32 ${formatAp(t.reference.map)} (run ${t.reference.run}, ${RUNTIME_NAMES[t.reference.runtime]})`
    : 'no fp32 reference in these runs (no Δ)';
  const multiRun = new Set(t.rows.map((r) => r.run)).size > 1;
  const body = table(
    [multiRun ? 'RUN / VARIANT' : 'VARIANT', ...t.runtimes.map((rt) => RUNTIME_NAMES[rt].toUpperCase())],
    t.rows.map((r) => [
      multiRun ? `${r.run} ${r.label}` : r.label,
      ...r.cells.map((c) =>
        c ? `${formatAp(c.map)}${c.deltaMap === null ? '' : ` (${formatDelta(c.deltaMap)})`}` : '',
      ),
    ]),
  );
  const other = t.otherDataset
    ? `\n${t.otherDataset} record(s) on another dataset left out; pick one with --dataset FP (runs compare lists them).`
    : '';
  return `AP@[.5:.95] on dataset ${t.dataset ?? '?'} — ${ref}\n${body}${other}\n`;
}

/** `runs compare` without --json. */
export function formatCompare(c: CompareResult): string {
  const refDataset = c.reference ? c.rows.find((r) => r.delta_map !== null)?.dataset : undefined;
  const ref = c.reference
    ? `reference: run ${c.reference.run} ${c.reference.variant} on ${RUNTIME_NAMES[c.reference.runtime]}, ` +
      `AP ${formatAp(c.reference.map)}`
    : 'reference: none (no fp32 record; deltas empty)';
  const body = table(
    ['RUN', 'VARIANT', 'RUNTIME', 'DATASET', 'AP', 'AP50', 'ΔAP', 'ΔAP50', 'LATENCY', 'IMAGES'],
    c.rows.map((r) => [
      String(r.run),
      r.variant,
      RUNTIME_NAMES[r.runtime],
      r.dataset === refDataset || !c.reference ? r.dataset : `${r.dataset} (other dataset)`,
      formatAp(r.map),
      formatAp(r.map50),
      formatDelta(r.delta_map),
      formatDelta(r.delta_map50),
      r.latency_ms === null ? '' : `${r.latency_ms.toFixed(2)} ms ${r.latency_where ?? ''}`.trim(),
      String(r.images),
    ]),
  );
  return `${ref}\n${body}\n`;
}
