import type { ContractErrorBody, ErrorAction } from '../../../shared/contract';

/**
 * An error the user can act on: says what is wrong (naming the file or thing) and how to fix it, in the user's
 * words (no CLI flags or commands: the UI shows the same text). `field` names the input it is about (`model`,
 * `imgsz`), so a front end can point at its own control for it (the CLI adds the flag); `action` names the step
 * that fixes it (`board-connect`), which the CLI turns into its command and the UI into a button.
 * Everything else is treated as an internal failure.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code: ContractErrorBody['code'] = 'failed',
    readonly field?: string,
    readonly action?: ErrorAction,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function notFound(what: string, hint?: string): UserError {
  return new UserError(`${what} was not found`, hint, 'not_found');
}

export function toErrorBody(error: unknown): ContractErrorBody {
  if (error instanceof UserError)
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.field ? { field: error.field } : {}),
      ...(error.action ? { action: error.action } : {}),
    };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}
