import fs from 'node:fs';
import { ConnectorError } from '@connector/core';

/**
 * SQLite result codes worth another try: another process holds the lock longer than the busy timeout,
 * or the disk hiccupped. Constraint violations and the like will fail the same way again.
 */
const TRANSIENT_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_PROTOCOL'];

/** Codes that say the store's files cannot be written, whatever is written (see {@link isStorageFailure}). */
const STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'ENOSPC', 'EROFS', 'EIO'];

/** Below this much free space, an I/O error is taken for a full disk (SQLite reports a full disk as one when growing the -shm file). */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** The SQLite (or system) code of an error, if it has one: `SQLITE_FULL`, `ENOSPC`. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_') || /^E[A-Z]+$/.test(code)) ? code : undefined;
}

function hasCode(code: string | undefined, codes: readonly string[]): boolean {
  return code !== undefined && codes.some((c) => code === c || code.startsWith(`${c}_`));
}

/** True when `error` says the store's files cannot be written (disk full, read-only, I/O errors), rather than that one write was wrong. */
export function isStorageFailure(error: unknown): boolean {
  return hasCode(errorCode(error), STORAGE_CODES);
}

/** Free bytes on the disk holding `folder` (for an unprivileged process), or undefined when it cannot be told. */
function freeBytes(folder: string): number | undefined {
  try {
    const stats = fs.statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/**
 * True when `error` means the disk holding `folder` is full: SQLITE_FULL or ENOSPC, or an I/O error
 * while the disk has (almost) no free space (SQLite says "disk I/O error" when it cannot grow its files).
 */
export function isDiskFull(error: unknown, folder?: string): boolean {
  const code = errorCode(error);
  if (hasCode(code, ['SQLITE_FULL', 'ENOSPC'])) return true;
  if (!hasCode(code, ['SQLITE_IOERR', 'EIO']) || folder === undefined) return false;
  const free = freeBytes(folder);
  return free !== undefined && free < NEARLY_FULL_BYTES;
}

/**
 * Converts whatever better-sqlite3 threw into a `DATABASE` {@link ConnectorError}, keeping the original
 * as `cause`. ConnectorErrors pass through unchanged.
 *
 * @param operation - what the store was doing, named in the message (e.g. `saveRecords`).
 * @param folder - the folder holding the database, named when the disk is full ("the disk holding ./data is full").
 */
export function toDatabaseError(error: unknown, operation: string, folder?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const message = folder !== undefined && isDiskFull(error, folder) ? `the disk holding ${folder} is full (SQLite said: ${raw})` : raw;
  const retryable = hasCode(code, TRANSIENT_CODES);
  return new ConnectorError('DATABASE', `SQLite store: ${operation} failed${code ? ` (${code})` : ''}: ${message}`, {
    cause: error,
    retryable,
  });
}
