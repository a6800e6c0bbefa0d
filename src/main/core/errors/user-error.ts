import type { ContractErrorBody } from '../../../shared/contract';

/**
 * An error the user can act on: says what is wrong (naming the file or thing) and how to fix it.
 * Everything else is treated as an internal failure.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code: ContractErrorBody['code'] = 'failed',
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
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}
