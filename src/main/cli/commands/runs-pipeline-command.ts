import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunDetail } from '../../../shared/contract';
import { resolveStageRef } from '../../core/pipeline/stage-ref';
import { type GlobalOptions, withApi } from '../cli-context';
import { runFailure } from '../cli-errors';
import { parseIntArg } from '../parse-args';
import { printJson } from '../output';
import { runToEnd } from '../run-to-end';

/** The finished run: JSON, or one stdout line when it succeeded; a failure is the command's error (stderr, exit 1). */
export function report(run: RunDetail, json?: boolean): void {
  if (json) printJson(run);
  if (run.status !== 'succeeded') throw runFailure(run);
  if (!json) process.stdout.write(`Run ${run.id} ${run.status}\n`);
}

/** `runs resume|rerun|export-script`: continue, repeat from a stage, or replay a run with the vendor APIs alone. */
export function registerRunsPipelineCommand(program: Command, globals: () => GlobalOptions): void {
  const runs = program.commands.find((c) => c.name() === 'runs') ?? program.command('runs');

  runs
    .command('resume <id>')
    .description('continue an interrupted (or failed/cancelled) run at its first unfinished stage, in a new child run')
    .option(
      '--base-dir <dir>',
      "folder the run config's relative paths are resolved against (default: the one the run used)",
    )
    .option('--json', 'print the finished run as one JSON document')
    .action(async (id: string, opts: { baseDir?: string; json?: boolean }) => {
      const runId = parseIntArg(id, 'run id');
      const run = await withApi(globals(), (api) =>
        runToEnd(api, () => api.runs.resume({ id: runId, baseDir: absolute(opts.baseDir) })),
      );
      report(run, opts.json);
    });

  runs
    .command('rerun <id>')
    .description('re-run a run from a stage (number or kind) as a new child run; the stages before it are reused')
    .requiredOption('--from <stage>', 'stage number (1-based) or kind')
    .option('--base-dir <dir>', "folder the run config's relative paths are resolved against")
    .option('--json', 'print the finished run as one JSON document')
    .action(async (id: string, opts: { from: string; baseDir?: string; json?: boolean }) => {
      const runId = parseIntArg(id, 'run id');
      const run = await withApi(globals(), async (api) => {
        const { stages } = await api.runs.get({ id: runId });
        const fromStage = resolveStageRef(
          opts.from,
          stages.map((s) => s.kind),
          `run ${runId}`,
        );
        return runToEnd(api, () => api.runs.rerun({ id: runId, fromStage, baseDir: absolute(opts.baseDir) }));
      });
      report(run, opts.json);
    });

  runs
    .command('export-script <id>')
    .description(
      'write a standalone Python script that reproduces the run with the vendor APIs alone ' +
        '(rknn-toolkit2, atc, trtexec)',
    )
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--base-dir <dir>', 'folder relative paths resolve against (default: the one the run used)')
    .action(async (id: string, opts: { out?: string; baseDir?: string }) => {
      const { script } = await withApi(globals(), (api) =>
        api.runs.exportScript({ id: parseIntArg(id, 'run id'), baseDir: absolute(opts.baseDir) }),
      );
      if (opts.out) {
        writeFileSync(opts.out, script, { mode: 0o755 });
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(script);
    });
}

const absolute = (dir?: string): string | undefined => (dir ? path.resolve(dir) : undefined);
