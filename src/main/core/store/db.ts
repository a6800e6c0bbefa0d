import type Database from 'better-sqlite3';

/** The workspace database handle; its own file so the migrations can name it without importing database.ts. */
export type Db = Database.Database;
