/**
 * Polygraphy `run --trt --onnxrt` console output (polygraphy/comparator/*.py, v0.49): per-output
 * error statistics and PASSED/FAILED verdicts, and the iteration summary.
 */
export interface PolygraphyOutput {
  name: string;
  passed: boolean | null;
  absMax: number | null;
  absMean: number | null;
  relMax: number | null;
  relMean: number | null;
}

export interface PolygraphyComparison {
  runners: [string, string] | null;
  outputs: PolygraphyOutput[];
  iterationsPassed: number | null;
  iterations: number | null;
  passRate: number | null;
}

const stat = (line: string, key: string): number | null => {
  const m = new RegExp(`\\b${key}=([-+\\w.]+)`).exec(line);
  return m ? Number(m[1]) : null;
};

export function parsePolygraphyLog(text: string): PolygraphyComparison {
  const outputs = new Map<string, PolygraphyOutput>();
  const get = (name: string): PolygraphyOutput => {
    if (!outputs.has(name))
      outputs.set(name, { name, passed: null, absMax: null, absMean: null, relMax: null, relMean: null });
    return outputs.get(name)!;
  };
  let runners: [string, string] | null = null;
  let current: PolygraphyOutput | null = null;
  let summary: RegExpExecArray | null = null;
  for (const line of text.split('\n')) {
    const cmp = /Accuracy Comparison \| (\S+) vs\. (\S+)/.exec(line);
    if (cmp) runners = [cmp[1], cmp[2]];
    const out = /Comparing Output: '([^']+)'/.exec(line) ?? /Error Metrics: (\S+)/.exec(line);
    if (out) current = get(out[1]);
    if (current && /Absolute Difference \| Stats:/.test(line))
      Object.assign(current, { absMax: stat(line, 'max'), absMean: stat(line, 'mean') });
    if (current && /Relative Difference \| Stats:/.test(line))
      Object.assign(current, { relMax: stat(line, 'max'), relMean: stat(line, 'mean') });
    const verdict = /(PASSED|FAILED) \| Output: '([^']+)'/.exec(line);
    if (verdict) get(verdict[2]).passed = verdict[1] === 'PASSED';
    summary = /Accuracy Summary \| .*Passed: (\d+)\/(\d+) iterations \| Pass Rate: ([\d.]+)%/.exec(line) ?? summary;
  }
  return {
    runners,
    outputs: [...outputs.values()],
    iterationsPassed: summary ? Number(summary[1]) : null,
    iterations: summary ? Number(summary[2]) : null,
    passRate: summary ? Number(summary[3]) / 100 : null,
  };
}
