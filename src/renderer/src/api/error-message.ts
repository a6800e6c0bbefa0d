import { ERROR_ACTIONS, type ErrorAction } from '../../../shared/contract';

/**
 * What to show the user for a failed call: the message plus the fix when main sent one (ApiError or the preload's
 * Error), and the step that makes the fix, for the page to offer as a button.
 */
export function errorMessage(error: unknown): { message: string; hint?: string; action?: ErrorAction } {
  if (error instanceof Error) {
    const { hint, action } = error as Error & { hint?: unknown; action?: unknown };
    return {
      message: error.message,
      hint: typeof hint === 'string' ? hint : undefined,
      action: ERROR_ACTIONS.find((a) => a === action),
    };
  }
  return { message: String(error) };
}
