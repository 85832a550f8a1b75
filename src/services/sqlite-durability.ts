/**
 * How the embedded servers' SQLite files commit (the Temporal dev server's and FerretDB's).
 *
 * Both run in write-ahead-log mode, so readers never wait on a writer. `normal` (the default) does
 * not wait for the disk at each commit: a crash of any process loses nothing, and a power loss or
 * kernel crash can roll back the last commits before the log's next sync (the database stays
 * consistent). That is the promise MongoDB's default write concern makes too (acknowledged before
 * its journal's 100 ms flush). `full` waits for the disk at every commit: on this 2-core machine
 * bench:first-task's p95 at 10 reports/s was 9.4 s with it against 1.0–1.7 s without (README,
 * Benchmarks). Production runs Temporal and MongoDB as servers of their own, whose own settings
 * decide.
 */
export const SQLITE_SYNC_MODES = ['normal', 'full'] as const;
export type SqliteSync = (typeof SQLITE_SYNC_MODES)[number];

export const DEFAULT_SQLITE_SYNC: SqliteSync = 'normal';

/** The Temporal CLI's `--sqlite-pragma` flags for a file database. */
export function temporalSqlitePragmaFlags(sync: SqliteSync): string[] {
  return ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', `synchronous=${sync}`];
}

/** FerretDB's SQLite URL query (it sets write-ahead logging itself). */
export function ferretSqliteUrlQuery(sync: SqliteSync): string {
  return `?_pragma=synchronous(${sync})`;
}
