/**
 * What to show the user for a failed call: the message plus the fix when main sent one (ApiError or the preload's
 * Error).
 */
export function errorMessage(error: unknown): { message: string; hint?: string } {
  if (error instanceof Error) {
    const hint = (error as Error & { hint?: unknown }).hint;
    return { message: error.message, hint: typeof hint === 'string' ? hint : undefined };
  }
  return { message: String(error) };
}
