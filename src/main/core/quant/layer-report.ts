import type { LayerRow } from './layer-analysis';

const fmt = (v: number | null, digits: number) =>
  v === null ? '' : Number.isFinite(v) ? v.toFixed(digits) : v > 0 ? 'inf' : '-inf';
const pair = (cos: number | null, euc: number | null) =>
  cos === null && euc === null ? '' : `${fmt(cos, 5)} | ${fmt(euc, 5)}`;

/** The simulator columns of rknn's error_analysis.txt (2.x layout), so rknn users read it as usual. */
export function formatRknnErrorTable(rows: LayerRow[]): string {
  const names = rows.map((r) => `[${r.opType ?? '?'}] ${r.tensor}`);
  const w = Math.max(30, ...names.map((n) => n.length)) + 2;
  const lines = [
    "# simulator_error: calculate the output error of each layer of the simulator (compared to the 'golden' value).",
    "#              entire: output error of each layer between 'golden' and 'simulator', " +
      'these errors will accumulate layer by layer.',
    "#              single: single-layer output error between 'golden' and 'simulator', " +
      'can better reflect the single-layer accuracy of the simulator.',
    '# (NPU Workbench built-in simulation: ONNX QDQ fake-quant in onnxruntime; ' +
      'Concat rows are followed by one row per input slice.)',
    '',
    `${'layer_name'.padEnd(w)}simulator_error`,
    `${''.padEnd(w)}${'entire'.padEnd(24)}single`,
    `${''.padEnd(w)}${'cos      euc'.padEnd(24)}cos      euc`,
    '-'.repeat(w + 48),
  ];
  rows.forEach((r, i) =>
    lines.push(
      `${names[i].padEnd(w)}${pair(r.cosEntire, r.eucEntire).padEnd(24)}${pair(r.cosSingle, r.eucSingle)}`.trimEnd(),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export type ExplorerMetric = 'cosEntire' | 'cosSingle' | 'eucEntire' | 'eucSingle' | 'sqnr';

/**
 * Google Model Explorer node data (`GraphNodeData`: results keyed by output tensor name, plus a
 * colour gradient from bad to good), to overlay the errors on the graph in Model Explorer.
 */
export function formatModelExplorerNodeData(rows: LayerRow[], metric: ExplorerMetric = 'cosEntire'): string {
  const results: Record<string, { value: number }> = {};
  for (const r of rows) {
    const v = r[metric];
    if (v !== null && Number.isFinite(v) && !/\[\d+:.*\]$/.test(r.tensor)) results[r.tensor] = { value: v };
  }
  const higherIsBetter = metric.startsWith('cos') || metric === 'sqnr';
  const [low, high] = higherIsBetter ? ['#d32f2f', '#388e3c'] : ['#388e3c', '#d32f2f'];
  return `${JSON.stringify(
    {
      results,
      gradient: [
        { stop: 0, bgColor: low },
        { stop: 0.5, bgColor: '#fbc02d' },
        { stop: 1, bgColor: high },
      ],
    },
    null,
    2,
  )}\n`;
}
