import type { RunSummary } from '../../shared/contract';
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
