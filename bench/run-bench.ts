// `npm run bench`: runs every bench/*-bench.ts and prints each case with its ratio to the baseline
// measured in the same run (never against numbers from another machine or day).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchCase {
  name: string;
  /** What the ratio is taken against, measured in the same run. */
  baseline: { label: string; ms: number };
  ms: number;
  /** Optional extra figures (memory, counts) printed beside the time. */
  notes?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter(
  (f) => f.endsWith('-bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))),
);
for (const file of files.sort()) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: () => Promise<BenchCase[]> };
  process.stdout.write(`\n== ${file}\n`);
  for (const c of await mod.default()) {
    const ratio = c.ms / c.baseline.ms;
    process.stdout.write(
      `${c.name}: ${c.ms.toFixed(1)} ms; baseline ${c.baseline.label}: ${c.baseline.ms.toFixed(1)} ms; ratio ${ratio.toFixed(2)}x${c.notes ? `; ${c.notes}` : ''}\n`,
    );
  }
}
