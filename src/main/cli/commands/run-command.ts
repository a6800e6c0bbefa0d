import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { recordRunBaseDir } from '../../core/pipeline/run-base-dir';
import { parseRunConfig } from '../../core/pipeline/run-config';
import { latestRunWithConfig, resolveStageRef } from '../../core/pipeline/stage-ref';
import { type GlobalOptions, withCore } from '../cli-context';
import { runFailure } from '../cli-errors';
import { printJson } from '../output';
import { runToEnd } from './runs-pipeline-command';

export function registerRunCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run <config>')
    .description('create a run from a run YAML file and execute its stages here, storing the result')
    .option('--json', 'print the finished run as one JSON document')
    .option(
      '--from <stage>',
      're-run the latest run of this same file from a stage (number or kind); earlier stages are kept',
    )
    .option(
      '--resume',
      'continue the latest run of this same file at its first unfinished stage (after a crash or failure)',
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
      const finished = await withCore(globals(), async (core) => {
        const config = parseRunConfig(text, core.registry, file);
        const previous = opts.from !== undefined || opts.resume ? latestRunWithConfig(core.workspace, text) : null;
        if ((opts.from !== undefined || opts.resume) && previous === null) {
          throw new UserError(
            `No earlier run of ${file} (with this exact content) in workspace ${core.workspace.dir}`,
            'Run it once without --from/--resume first.',
            'not_found',
          );
        }
        const created =
          previous !== null
            ? core.workspace.runs.get(previous)
            : (core.handlers['runs:create']({ configText: text, start: false }) as RunSummary);
        const baseDir = path.dirname(path.resolve(file));
        await recordRunBaseDir(core.workspace, created.id, baseDir);
        if (!opts.json) process.stderr.write(`Run ${created.id} started (workspace ${core.workspace.dir})\n`);
        return runToEnd(core, created.id, () => {
          if (opts.resume) core.runner.resume(created.id, { baseDir });
          else
            core.runner.start(created.id, {
              baseDir,
              fromStage:
                opts.from === undefined
                  ? 0
                  : resolveStageRef(
                      opts.from,
                      config.stages.map((st) => st.kind),
                      file,
                    ),
            });
        });
      });
      if (opts.json) printJson(finished);
      if (finished.status !== 'succeeded') throw runFailure(finished);
      if (!opts.json) process.stdout.write(`Run ${finished.id} ${finished.status}\n`);
    });

  program
    .command('stages')
    .description('list the stage kinds a run config can use')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const kinds = await withCore(globals(), (core) => core.registry.list());
      if (opts.json) return printJson(kinds);
      for (const k of kinds) process.stdout.write(`${k.kind.padEnd(18)} ${k.description}\n`);
    });
}
