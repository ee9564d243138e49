import { ValidationError } from '@connector/core';

// Opaque to callers: a version letter and the store's change sequence number, base64url. The version lets
// the form change (e.g. per-store epochs) without breaking cursors already handed out.
const PREFIX = 'c1:';

/** The cursor a caller resumes from: after this point of the store's change sequence. */
export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

/**
 * The sequence number of a cursor this hub gave; 0 (from the first change) when none was given.
 *
 * @throws ValidationError naming `field` when the text is not such a cursor (not quoted: it may be anything).
 */
export function decodeChangeCursor(cursor: string | undefined, field = 'cursor'): number {
  if (cursor === undefined || cursor === '') return 0;
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const seq = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ValidationError(`${field}: is not a cursor this hub answered`, { field });
  return seq;
}
