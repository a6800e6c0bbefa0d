import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A JSON value as a Python literal. */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'float("nan")';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`)
    .join(', ')}}`;
}

/** The calibration images a stage used (the list file it wrote), else null: the script then asks for them. */
export function calibrationList(workDir: string, file: string): string[] | null {
  const list = path.join(workDir, file);
  return existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean) : null;
}

/**
 * Command-line arguments as Python expressions; `--key=@path` marks an input the script finds with its `p()`
 * helper, `--key=!path` an output it writes into the replay folder with `o()`.
 */
export function pyArgs(args: string[]): string[] {
  return args.map((a) => {
    const m = /^([^=]*)=([@!])(.*)$/.exec(a);
    return m ? `"${m[1]}=" + ${m[2] === '@' ? 'p' : 'o'}(${py(m[3])})` : py(a);
  });
}
