import { CommanderError } from 'commander';
import { UserError } from '../core/errors/user-error';
import { buildProgram } from './program';

/** CLI entry: errors become one clear line on stderr (stack only with --debug) and a non-zero exit. */
export async function main(argv: string[]): Promise<number> {
  ignoreClosedStdout();
  const program = buildProgram().exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    // Commands that finish but report a failure (a failed run, doctor errors) set process.exitCode.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const debug = argv.includes('--debug');
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof UserError && error.hint ? `\n  fix: ${error.hint}` : '';
    process.stderr.write(`npu-workbench: ${message}${hint}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof UserError && error.code === 'invalid_input' ? 2 : 1;
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
