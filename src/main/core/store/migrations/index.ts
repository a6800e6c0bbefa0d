import { migration001 } from './001-initial';

/** Ordered list; a migration's number is its position + 1. Never edit a shipped entry: append. */
export const migrations: readonly string[] = [migration001];
