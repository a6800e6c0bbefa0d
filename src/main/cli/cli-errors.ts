import type { Command } from 'commander';
import type { ErrorAction, RunSummary } from '../../shared/contract';
import { splitFix } from '../../shared/error-fix';
import { UserError } from '../core/errors/user-error';

/**
 * Exit codes, the same on every command: 0 done, 1 bad input or a failed/cancelled run, 2 bad usage (unknown
 * command, option or setting name, a missing or malformed argument).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The command line itself is wrong (as opposed to the files or values it names). */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, 'invalid_input');
    this.name = 'UsageError';
  }
}

/** A run that did not succeed, as the error the CLI reports: what failed, and the stage's own fix when it has one. */
export function runFailure(run: Pick<RunSummary, 'id' | 'status' | 'error'>): UserError {
  const { message, fix } = splitFix(run.error ?? '');
  const fallback =
    run.status === 'cancelled' || run.status === 'interrupted'
      ? `\`npu-workbench runs resume ${run.id}\` continues it at its first unfinished stage.`
      : `\`npu-workbench runs show ${run.id}\` shows each stage and where its log is.`;
  return new UserError(`Run ${run.id} ${run.status}${message ? `: ${message}` : ''}`, fix ?? fallback);
}

/** What to do about an invalid run config, in the CLI's terms. */
export const CONFIG_HINT =
  'Fix the YAML and try again; `npu-workbench stages` lists the stage kinds and their options.';

/** The same error (kind, message, code, stack) with the CLI's own fix: core's hints never name commands or flags. */
export function withCliHint(error: UserError, hint: string): UserError {
  const rehinted =
    error instanceof UsageError
      ? new UsageError(error.message, hint)
      : new UserError(error.message, hint, error.code, error.field, error.action);
  rehinted.stack = error.stack;
  return rehinted;
}

/** The command that takes each step a core error or board problem names (the UI has a button for each). */
const ACTION_COMMANDS: Record<ErrorAction, string> = {
  'board-connect': '`npu-workbench board connect HOST:PORT`',
  'board-list': '`npu-workbench board list`',
  'board-probe': '`npu-workbench board probe --serial S`',
  'board-fix-runtime': '`npu-workbench board fix-runtime --serial S`',
};

/** A fix in the CLI's words: core's hint plus the command for its step (`…by its address (`npu-workbench …`).`). */
export function cliFix(hint: string, action: ErrorAction | undefined): string {
  if (!action) return hint;
  const command = ACTION_COMMANDS[action];
  return hint.endsWith('.') ? `${hint.slice(0, -1)} (${command}).` : `${hint} (${command})`;
}

/** Boolean fields the CLI sets with a flag that negates them. */
const NEGATING_FLAGS: Record<string, string> = { strict: '--lenient', multiLabel: '--single-label' };

/**
 * The command-line flag for a core field name: the command's option of that name (`maxDet` → `--max-det`), else the
 * flag that negates a boolean field (`strict` ← `--lenient`), else null.
 */
export function cliFlag(command: Command, field: string): string | null {
  // The command's own options first, then the program's (`--workspace` is global).
  for (let c: Command | null = command; c; c = c.parent) {
    const option = c.options.find((o) => o.attributeName() === field);
    if (option?.long) return option.long;
  }
  const negating = NEGATING_FLAGS[field];
  return negating && command.options.some((o) => o.long === negating) ? negating : null;
}

/**
 * A core error about one field, in the CLI's words: its hint names the flag (`Check the model path (--model).`).
 * The UI shows the same error with the hint alone.
 */
export function withFlagOf(error: UserError, command: Command): UserError {
  if (!error.hint) return error;
  if (error.action) return withCliHint(error, cliFix(error.hint, error.action));
  const flag = error.field ? cliFlag(command, error.field) : null;
  if (!flag) return error;
  return withCliHint(
    error,
    error.hint.endsWith('.') ? `${error.hint.slice(0, -1)} (${flag}).` : `${error.hint} (${flag})`,
  );
}
