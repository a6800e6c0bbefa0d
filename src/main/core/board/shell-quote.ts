import { UserError } from '../errors/user-error';

const SAFE_WORD = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/**
 * Quotes one word for a POSIX shell (the board's sh, toybox or busybox): plain words pass through,
 * everything else is single-quoted with embedded quotes closed, escaped and reopened.
 * NUL cannot be passed through a shell at all, so it is rejected instead of silently cut.
 */
export function shQuote(word: string): string {
  if (word.includes('\0'))
    throw new UserError(
      'A value sent to the board contains a NUL byte',
      'Remove the NUL character from the path or argument.',
      'invalid_input',
    );
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One shell command line from argument words, each quoted. */
export function shJoin(words: readonly string[]): string {
  return words.map(shQuote).join(' ');
}
