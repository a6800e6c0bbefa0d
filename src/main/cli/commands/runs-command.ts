import type { Command } from 'commander';
import type { ApHeadline, RunStatus } from '../../../shared/contract';
import { formatAp, formatDelta, RUNTIME_NAMES } from '../../../shared/evaluation/runtime-names';
import { type GlobalOptions, withApi } from '../cli-context';
import { parseIntArg } from '../parse-args';
import { printJson, printTable } from '../output';

export function registerRunsCommand(program: Command, globals: () => GlobalOptions): void {
  const runs = program.command('runs').description('list and inspect runs stored in the workspace');

  runs
    .command('list')
    .description('list runs, newest first')
    .option('--json', 'print one JSON document')
    .option('--status <status>', 'only runs with this status')
    .option('--target <target>', 'only runs for this target')
    .option('--backend <backend>', 'only runs of this backend')
    .option('--tag <tag>', 'only runs with this tag')
    .option('--text <text>', 'search names, targets, backends and tags')
    .option('--all', 'include archived runs')
    .option('--deleted', 'list deleted runs instead (kept until purged; `runs restore ID` brings one back)')
    .option('--limit <n>', 'at most this many runs', (v) => parseIntArg(v, '--limit'), 1000)
    .action(
      async (opts: {
        json?: boolean;
        status?: RunStatus;
        target?: string;
        backend?: string;
        tag?: string;
        text?: string;
        all?: boolean;
        deleted?: boolean;
        limit: number;
      }) => {
        const page = await withApi(globals(), (api) =>
          api.runs.list({
            status: opts.status,
            target: opts.target,
            backend: opts.backend,
            tag: opts.tag,
            text: opts.text,
            includeArchived: opts.all,
            deleted: opts.deleted,
            limit: opts.limit,
          }),
        );
        if (opts.json) return printJson(page);
        if (page.rows.length === 0) {
          if (opts.deleted) return void process.stdout.write('No deleted runs.\n');
          process.stdout.write(
            'No runs yet. Start one with `npu-workbench run CONFIG.yaml`, `npu-workbench eval`, ' +
              'or from the desktop app.\n',
          );
          return;
        }
        printTable(
          ['ID', 'NAME', 'TARGET', 'BACKEND', 'STATUS', 'AP', opts.deleted ? 'DELETED' : 'CREATED'],
          page.rows.map((r) => [
            r.id,
            r.name,
            r.target,
            r.backend,
            r.status,
            r.ap ? headlineText(r.ap) : null,
            (opts.deleted ? (r.deletedAt ?? '') : r.createdAt).replace('T', ' ').slice(0, 19),
          ]),
        );
        if (page.total > page.rows.length)
          process.stdout.write(`(${page.rows.length} of ${page.total} shown; use --limit)\n`);
      },
    );

  runs
    .command('show <id>')
    .description('show one run: config, stages, metrics and artifacts')
    .option('--json', 'print one JSON document')
    .action(async (id: string, opts: { json?: boolean }) => {
      const run = await withApi(globals(), (api) => api.runs.get({ id: parseIntArg(id, 'run id') }));
      if (opts.json) return printJson(run);
      process.stdout.write(
        `Run ${run.id}: ${run.name}\n  status ${run.status}  target ${run.target}  backend ${run.backend}\n`,
      );
      if (run.parentRunId !== null)
        process.stdout.write(`  parent run ${run.parentRunId} (re-run or resumed from it; that run is unchanged)\n`);
      if (run.error) process.stdout.write(`  error: ${run.error}\n`);
      process.stdout.write('Stages:\n');
      for (const s of run.stages)
        process.stdout.write(
          `  ${s.index + 1}. ${s.kind.padEnd(16)} ${s.status}` +
            (s.progressTotal ? ` ${s.progressDone}/${s.progressTotal}` : '') +
            (s.error ? ` — ${s.error}` : s.status === 'skipped' && s.message ? ` — ${s.message}` : '') +
            '\n',
        );
      const metrics = Object.entries(run.metrics);
      if (metrics.length) process.stdout.write(`Metrics:\n${metrics.map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n`);
      if (run.artifacts.length)
        process.stdout.write(
          `Artifacts:\n${run.artifacts.map((a) => `  ${a.kind}: ${a.path} (${a.bytes} bytes)`).join('\n')}\n`,
        );
    });

  for (const [verb, describe] of [
    ['cancel', 'cancel a queued or running run (only in the process running it)'],
    ['delete', 'delete a run (restore undoes it)'],
    ['restore', 'restore a deleted run'],
  ] as const) {
    runs
      .command(`${verb} <id>`)
      .description(describe)
      .action(async (id: string) => {
        await withApi(globals(), (api) => api.runs[verb]({ id: parseIntArg(id, 'run id') }));
        process.stdout.write(`Run ${id}: ${verb} done\n`);
      });
  }
}

/** "0.000 w8a8 (built-in simulator) vs float 0.446 −0.446 over budget": the runs table's AP cell. */
function headlineText(ap: ApHeadline): string {
  const vs = ap.floatMap === null ? '' : ` vs float ${formatAp(ap.floatMap)} ${formatDelta(ap.deltaMap)}`;
  return `${formatAp(ap.map)} ${ap.variant} (${RUNTIME_NAMES[ap.runtime]})${vs}${ap.overBudget ? ' over budget' : ''}`;
}
