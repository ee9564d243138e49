import { ConnectorError } from '@connector/core';

/**
 * SQLite result codes worth another try: another process holds the lock longer than the busy timeout,
 * or the disk hiccupped. Constraint violations and the like will fail the same way again.
 */
const TRANSIENT_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_PROTOCOL'];

/**
 * Converts whatever better-sqlite3 threw into a `DATABASE` {@link ConnectorError}, keeping the original
 * as `cause`. ConnectorErrors pass through unchanged.
 *
 * @param operation - what the store was doing, named in the message (e.g. `saveRecords`).
 */
export function toDatabaseError(error: unknown, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const retryable = code !== undefined && TRANSIENT_CODES.some((c) => code === c || code.startsWith(`${c}_`));
  return new ConnectorError('DATABASE', `SQLite store: ${operation} failed${code ? ` (${code})` : ''}: ${message}`, {
    cause: error,
    retryable,
  });
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
