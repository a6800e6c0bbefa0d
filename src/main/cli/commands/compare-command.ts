import type { Command } from 'commander';
import { formatApTable, formatCompare } from '../ap-table-text';
import { type GlobalOptions, withApi } from '../cli-context';
import { parseIntArg } from '../parse-args';
import { printJson } from '../output';

interface CompareOptions {
  dataset?: string;
  json?: boolean;
  candidates?: boolean;
}

const query = (ids: string[], opts: CompareOptions) => ({
  ids: ids.map((id) => parseIntArg(id, 'run id')),
  dataset: opts.dataset,
  includeCandidates: opts.candidates,
});

/** `runs compare ID…` and `ap-table ID…`: the AP ledger across runs, variants and runtimes. */
export function registerCompareCommand(program: Command, globals: () => GlobalOptions): void {
  const runs = program.commands.find((c) => c.name() === 'runs') ?? program.command('runs');
  runs
    .command('compare <ids...>')
    .description('every AP of the runs (variant × runtime) against the fp32 reference on the same dataset')
    .option('--dataset <fingerprint>', 'take the reference and deltas on this dataset fingerprint')
    .option('--candidates', 'include the sensitivity/search candidates of analyse stages')
    .option('--json', 'print one JSON document: {reference, rows}')
    .action(async (ids: string[], opts: CompareOptions) => {
      const result = await withApi(globals(), (api) => api.runs.compare(query(ids, opts)));
      if (opts.json) printJson(result);
      else process.stdout.write(formatCompare(result));
    });
  program
    .command('ap-table <ids...>')
    .description('the report-style AP table of runs: variants as rows, runtimes as columns, AP (Δ vs fp32) in cells')
    .option('--dataset <fingerprint>', 'the dataset the table is on (default: the fp32 reference’s)')
    .option('--json', 'print the table as one JSON document')
    .action(async (ids: string[], opts: CompareOptions) => {
      const table = await withApi(globals(), (api) => api.runs.apTable(query(ids, opts)));
      if (opts.json) printJson(table);
      else process.stdout.write(formatApTable(table));
    });
}
