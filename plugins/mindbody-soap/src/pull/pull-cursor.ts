import { ValidationError } from '@connector/core/plugin';
import { MINDBODY_SOAP_PLUGIN_ID } from '../mindbody-soap.constants';

/**
 * How far before the start of the previous successful pull the next one starts. A 0.5.1 Client carries no
 * modified time, so the cursor is the hub's clock, and the hour covers: a clock difference between the
 * hub and MINDBODY; a change MINDBODY was committing while the previous pull read (stamped before the
 * pull's start, visible after it); and the hour that repeats when the site's clocks go back (MINDBODY's
 * SOAP times are the site's local time, without an offset). Re-reading an hour of changes costs nothing:
 * core's content hash drops a person that did not change.
 */
export const SOAP_PULL_OVERLAP_MS = 60 * 60 * 1000;

/** The most clients asked for in one GetClients page. */
export const SOAP_PULL_MAX_PAGE_SIZE = 200;

/**
 * Where a SOAP pull stands (opaque to core; JSON). A pull reads GetClients with `LastModifiedDate` =
 * `since` (absent: every client), page after page by `CurrentPageIndex` at a `PageSize` fixed for the
 * whole pull (so a page boundary does not move if core asks for another limit). When the last page is
 * read, the next pull's `since` is this pull's `started` minus {@link SOAP_PULL_OVERLAP_MS}.
 */
export interface SoapPullCursor {
  v: 1;
  /** The pull's LastModifiedDate, as an ISO-8601 UTC instant (sent in the club's local time). */
  since?: string;
  /** The next page to read. */
  page: number;
  /** The pull's page size (set by its first page). */
  size?: number;
  /** When the pull started, on the hub's clock. */
  started?: string;
}

const invalid = (why: string) =>
  new ValidationError(`cursor: not a MINDBODY SOAP pull cursor (${why})`, { pluginId: MINDBODY_SOAP_PLUGIN_ID, field: 'cursor' });

/** Reads the cursor core hands back; undefined starts the first pull. */
export function readSoapCursor(raw: string | undefined): SoapPullCursor {
  if (raw === undefined || raw === '') return { v: 1, page: 0 };
  let parsed: Partial<SoapPullCursor>;
  try {
    parsed = JSON.parse(raw) as Partial<SoapPullCursor>;
  } catch {
    throw invalid('not JSON');
  }
  const isTime = (value: unknown) => value === undefined || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  const isCount = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min;
  if (
    parsed?.v !== 1 ||
    !isCount(parsed.page, 0) ||
    (parsed.size !== undefined && !isCount(parsed.size, 1)) ||
    !isTime(parsed.since) ||
    !isTime(parsed.started)
  ) {
    throw invalid('expected v 1, a page index, a page size and ISO times');
  }
  return parsed as SoapPullCursor;
}

/** The cursor as core stores it. */
export function writeSoapCursor(cursor: SoapPullCursor): string {
  return JSON.stringify(cursor);
}
