import type { Db } from '../db';
import { migration001 } from './001-initial';
import { migration002 } from './002-evaluations';
import { migration003 } from './003-metrics-to-evaluations';
import { migration004 } from './004-stage-outputs';

/** SQL text, or a function for migrations that transform data (run inside the same transaction). */
export type Migration = string | ((db: Db) => void);

/** Ordered list; a migration's number is its position + 1. Never edit a shipped entry: append. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004];
