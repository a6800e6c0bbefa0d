import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { UserError } from '../core/errors/user-error';
import { EXIT, UsageError, withFlagOf } from './cli-errors';
import { buildProgram } from './program';

/** CLI entry: errors become one clear line on stderr (stack only with --debug) and a non-zero exit. */
export async function main(argv: string[]): Promise<number> {
  ignoreClosedStdout();
  const program = buildProgram();
  // Every subcommand too: commander would otherwise process.exit(1) on a usage error inside `runs show` etc.
  const override = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
    cmd.commands.forEach(override);
  };
  override(program);
  let command: Command | undefined;
  program.hook('preAction', (_program, actionCommand) => {
    command = actionCommand;
  });
  try {
    await program.parseAsync(argv);
    // Commands that finish but report a failure (a failed run, doctor errors) set process.exitCode.
    return Number(process.exitCode ?? 0);
  } catch (thrown) {
    // Core errors about one input gain the flag that sets it, or the command for the step that fixes them; the
    // message itself stays the core's.
    const error = thrown instanceof UserError && command ? withFlagOf(thrown, command) : thrown;
    // Commander has printed its own errors (help and --version end with 0); an InvalidArgumentError thrown by a
    // command's action (parseIntArg on an argument) has not been printed yet.
    if (error instanceof InvalidArgumentError) process.stderr.write(`npu-workbench: ${error.message}\n`);
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const debug = argv.includes('--debug');
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof UserError && error.hint ? `\n  fix: ${error.hint}` : '';
    process.stderr.write(`npu-workbench: ${message}${hint}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

/**
 * `npu-workbench runs list | head -3`: when the reader goes away, the rest of the output is dropped quietly
 * and the command still finishes its work (a run in progress is not abandoned half-recorded).
 */
function ignoreClosedStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
