import { ValidationError } from '@connector/core/plugin';

/**
 * How far back the next sweep starts before the moment the previous one started: it absorbs a clock
 * difference between the hub and MINDBODY (the sweep's start is read on the hub's clock, the modified
 * times on MINDBODY's). Re-reading a few minutes of changes costs nothing: core's content hash drops a
 * person that did not change.
 */
export const PULL_OVERLAP_MS = 5 * 60 * 1000;

/**
 * Where a pull stands, as core stores it between pages (opaque to core; JSON, so an operator can read it).
 *
 * A *sweep* reads every client MINDBODY reports as modified on or after `since` (`request.lastModifiedDate`,
 * absent for the first sweep: every client), page after page by `request.offset` on that one fixed
 * query, so clients with equal modified times are neither skipped nor read twice by the paging. When a
 * sweep ends, the next one starts at the earlier of the latest modified time it saw and its own start
 * minus {@link PULL_OVERLAP_MS}: anything changed while the sweep ran is read by the next one.
 */
export interface MindbodyPullCursor {
  v: 1;
  /** The sweep's `request.lastModifiedDate` (ISO-8601 UTC); absent: every client. */
  since?: string;
  /** How many clients of the sweep's query were read already. */
  offset: number;
  /** The latest `LastModifiedDateTime` the sweep saw so far. */
  max?: string;
  /** When the sweep started, on the hub's clock. */
  started?: string;
}

/** Reads a cursor core hands back; undefined starts the first sweep. */
export function readCursor(raw: string | undefined): MindbodyPullCursor {
  if (raw === undefined || raw === '') return { v: 1, offset: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ValidationError('cursor: not a MINDBODY pull cursor (not JSON)', { pluginId: 'mindbody', field: 'cursor' });
  }
  const cursor = parsed as Partial<MindbodyPullCursor>;
  const isTime = (value: unknown) => value === undefined || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  if (
    cursor?.v !== 1 ||
    !Number.isInteger(cursor.offset) ||
    (cursor.offset as number) < 0 ||
    !isTime(cursor.since) ||
    !isTime(cursor.max) ||
    !isTime(cursor.started)
  ) {
    throw new ValidationError('cursor: not a MINDBODY pull cursor (expected v 1, a whole offset and ISO times)', { pluginId: 'mindbody', field: 'cursor' });
  }
  return cursor as MindbodyPullCursor;
}

/** The cursor as core stores it. */
export function writeCursor(cursor: MindbodyPullCursor): string {
  return JSON.stringify(cursor);
}

/** The later of two ISO instants (either may be absent). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Where the sweep after `done` starts: see {@link MindbodyPullCursor}. */
export function nextSweep(done: MindbodyPullCursor, now: number): MindbodyPullCursor {
  const started = done.started ? Date.parse(done.started) : now;
  let since = started - PULL_OVERLAP_MS;
  if (done.max !== undefined) since = Math.min(since, Date.parse(done.max));
  return { v: 1, since: new Date(since).toISOString(), offset: 0 };
}
