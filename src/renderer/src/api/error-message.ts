import { ERROR_ACTIONS, type ErrorAction } from '../../../shared/contract';

/**
 * What to show the user for a failed call: the message plus the fix when main sent one (ApiError or the preload's
 * Error), and the step that makes the fix, for the page to offer as a button.
 */
export function errorMessage(error: unknown): { message: string; hint?: string; field?: string; action?: ErrorAction } {
  if (error instanceof Error) {
    const { hint, field, action } = error as Error & { hint?: unknown; field?: unknown; action?: unknown };
    return {
      message: error.message,
      hint: typeof hint === 'string' ? hint : undefined,
      field: typeof field === 'string' ? field : undefined,
      action: ERROR_ACTIONS.find((a) => a === action),
    };
  }
  return { message: String(error) };
}
