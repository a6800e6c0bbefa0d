import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunDetail, RunSummary } from '../../../shared/contract';
import { UserError } from '../../core/errors/user-error';
import { parseRunConfig } from '../../core/pipeline/run-config';
import { type GlobalOptions, withCore } from '../cli-context';
import { createProgressLine, printJson } from '../output';

export function registerRunCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run <config>')
    .description('create a run from a run YAML file and execute its stages here, storing the result')
    .option('--json', 'print the finished run as one JSON document')
    .action(async (file: string, opts: { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UserError(`Cannot read run config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'Check the path.');
      }
      const finished = await withCore(globals(), async (core) => {
        parseRunConfig(text, core.registry, file);
        const created = core.handlers['runs:create']({ configText: text, start: false }) as RunSummary;
        const bar = createProgressLine();
        core.bus.on('run:progress', (p) => bar.update(`stage ${p.stageIndex + 1} ${p.kind}`, p.done, p.total));
        const stopSignals = (): void => void core.runner.cancel(created.id);
        process.once('SIGINT', stopSignals);
        core.runner.start(created.id, { baseDir: path.dirname(path.resolve(file)) });
        if (!opts.json) process.stderr.write(`Run ${created.id} started (workspace ${core.workspace.dir})\n`);
        await core.runner.whenDone(created.id);
        process.off('SIGINT', stopSignals);
        bar.done();
        return core.handlers['runs:get']({ id: created.id }) as RunDetail;
      });
      if (opts.json) printJson(finished);
      else process.stdout.write(`Run ${finished.id} ${finished.status}${finished.error ? `: ${finished.error}` : ''}\n`);
      if (finished.status !== 'succeeded') process.exitCode = 1;
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
