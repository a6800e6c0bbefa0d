/**
 * rknn `eval_perf()` returns a printable table whose exact layout is not documented (API232 only says
 * "a string"); this reads what is stable across versions: per-op rows with a time in µs and the total.
 */
export interface RknnPerf {
  totalUs: number | null;
  layers: { opType: string; timeUs: number }[];
}

export function parseRknnPerf(text: string): RknnPerf {
  const total = /Total\s+Operator\s+Elapsed\s+(?:Per\s+Frame\s+)?Time\s*\(us\)\s*:\s*([\d.]+)/i.exec(text);
  const layers: RknnPerf['layers'] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+([A-Za-z][\w.]*)\s+.*?(\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m && !/total/i.test(line)) layers.push({ opType: m[2], timeUs: Number(m[3]) });
  }
  return {
    totalUs: total ? Number(total[1]) : layers.length ? layers.reduce((a, l) => a + l.timeUs, 0) : null,
    layers,
  };
}
