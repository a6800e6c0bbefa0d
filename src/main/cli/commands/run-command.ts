import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { configIssuesError } from '../../core/pipeline/run-config';
import { resolveStageRef } from '../../core/pipeline/stage-ref';
import { type GlobalOptions, withApi } from '../cli-context';
import { CONFIG_HINT, runFailure, withCliHint } from '../cli-errors';
import { printJson } from '../output';
import { runToEnd } from '../run-to-end';

export function registerRunCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run <config>')
    .description('create a run from a run YAML file and execute its stages here, storing the result')
    .option('--json', 'print the finished run as one JSON document')
    .option(
      '--from <stage>',
      're-run the latest run of this same file from a stage (number or kind) as a child run; earlier stages are reused',
    )
    .option(
      '--resume',
      'continue the latest run of this file at its first unfinished stage, in a child run (after a crash or failure)',
    )
    .action(async (file: string, opts: { json?: boolean; from?: string; resume?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UserError(
          `Cannot read run config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          'Check the path.',
        );
      }
      const baseDir = path.dirname(path.resolve(file));
      const finished = await withApi(globals(), async (api) => {
        const check = await api.config.check({ configText: text });
        if (!check.ok) throw withCliHint(configIssuesError(check.issues, file), CONFIG_HINT);
        const again = opts.from !== undefined || opts.resume;
        const previous = again ? await api.runs.findByConfig({ configText: text }) : null;
        if (again && previous === null) {
          throw new UserError(
            `No earlier run of ${file} (with this exact content) in workspace ${(await api.app.info()).workspace}`,
            'Run it once without --from/--resume first.',
            'not_found',
          );
        }
        const announce = async (run: RunSummary): Promise<RunSummary> => {
          if (!opts.json)
            process.stderr.write(
              `Run ${run.id} started${run.parentRunId === null ? '' : ` as a child of run ${run.parentRunId}`}` +
                ` (workspace ${(await api.app.info()).workspace})\n`,
            );
          return run;
        };
        if (previous === null)
          return runToEnd(api, async () => announce(await api.runs.create({ configText: text, start: true, baseDir })));
        const { id } = previous;
        if (opts.resume) return runToEnd(api, async () => announce(await api.runs.resume({ id, baseDir })));
        const { stages } = await api.runs.get({ id });
        const fromStage = resolveStageRef(
          opts.from!,
          stages.map((st) => st.kind),
          file,
        );
        return runToEnd(api, async () => announce(await api.runs.rerun({ id, fromStage, baseDir })));
      });
      if (opts.json) printJson(finished);
      if (finished.status !== 'succeeded') throw runFailure(finished);
      if (opts.json) return;
      // A stage whose `when:` did not hold: the run succeeded without it, so say why and how to get it.
      for (const s of finished.stages)
        if (s.status === 'skipped' && s.message)
          process.stderr.write(`Stage ${s.index + 1} (${s.kind}) skipped: ${s.message}\n`);
      process.stdout.write(`Run ${finished.id} ${finished.status}\n`);
    });

  program
    .command('stages')
    .description('list the stage kinds a run config can use')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const kinds = await withApi(globals(), (api) => api.stages.kinds());
      if (opts.json) return printJson(kinds);
      for (const k of kinds) process.stdout.write(`${k.kind.padEnd(18)} ${k.description}\n`);
    });
}
