import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunDetail } from '../../../shared/contract';
import { exportRunScript } from '../../core/pipeline/export-script';
import { parseRunConfig } from '../../core/pipeline/run-config';
import { recordedBaseDir } from '../../core/pipeline/run-base-dir';
import { resolveStageRef } from '../../core/pipeline/stage-ref';
import type { WorkbenchCore } from '../../core/api/workbench-service';
import { type GlobalOptions, withCore } from '../cli-context';
import { runFailure } from '../cli-errors';
import { parseIntArg } from '../parse-args';
import { createProgressLine, printJson } from '../output';

/** Starts (via `start`) and waits for a run, with a progress line on a TTY and Ctrl-C → cancel. */
export async function runToEnd(core: WorkbenchCore, id: number, start: () => void): Promise<RunDetail> {
  const bar = createProgressLine();
  core.bus.on(
    'run:progress',
    (p) => p.runId === id && bar.update(`stage ${p.stageIndex + 1} ${p.kind}`, p.done, p.total),
  );
  const stop = (): void => void core.runner.cancel(id);
  process.once('SIGINT', stop);
  start();
  await core.runner.whenDone(id);
  process.off('SIGINT', stop);
  bar.done();
  return core.handlers['runs:get']({ id }) as RunDetail;
}

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
    .description('continue an interrupted (or failed/cancelled) run at its first unfinished stage')
    .option(
      '--base-dir <dir>',
      "folder the run config's relative paths are resolved against (default: the one the run used)",
    )
    .option('--json', 'print the finished run as one JSON document')
    .action(async (id: string, opts: { baseDir?: string; json?: boolean }) => {
      const runId = parseIntArg(id, 'run id');
      const run = await withCore(globals(), (core) =>
        runToEnd(core, runId, () => core.runner.resume(runId, { baseDir: baseDirOf(core, runId, opts.baseDir) })),
      );
      report(run, opts.json);
    });

  runs
    .command('rerun <id>')
    .description('re-run a run from a stage (number or kind); the stages before it are kept')
    .requiredOption('--from <stage>', 'stage number (1-based) or kind')
    .option('--base-dir <dir>', "folder the run config's relative paths are resolved against")
    .option('--json', 'print the finished run as one JSON document')
    .action(async (id: string, opts: { from: string; baseDir?: string; json?: boolean }) => {
      const runId = parseIntArg(id, 'run id');
      const run = await withCore(globals(), (core) => {
        const config = parseRunConfig(core.workspace.runs.getRow(runId).config_text, core.registry, `run ${runId}`);
        const fromStage = resolveStageRef(
          opts.from,
          config.stages.map((s) => s.kind),
          `run ${runId}`,
        );
        return runToEnd(core, runId, () =>
          core.runner.start(runId, { fromStage, baseDir: baseDirOf(core, runId, opts.baseDir) }),
        );
      });
      report(run, opts.json);
    });

  runs
    .command('export-script <id>')
    .description(
      'write a standalone Python script that reproduces the run with the vendor APIs alone (rknn-toolkit2, atc, trtexec)',
    )
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--base-dir <dir>', 'folder relative paths resolve against (default: the one the run used)')
    .action(async (id: string, opts: { out?: string; baseDir?: string }) => {
      const script = await withCore(globals(), (core) =>
        exportRunScript(
          core.workspace,
          core.registry,
          parseIntArg(id, 'run id'),
          opts.baseDir && path.resolve(opts.baseDir),
        ),
      );
      if (opts.out) {
        writeFileSync(opts.out, script, { mode: 0o755 });
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(script);
    });
}

function baseDirOf(core: WorkbenchCore, runId: number, given?: string): string | undefined {
  return given ? path.resolve(given) : recordedBaseDir(core.workspace, runId);
}
