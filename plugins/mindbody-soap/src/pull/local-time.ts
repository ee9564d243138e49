import { wallTime, zonedInstant } from '@connector/core/plugin';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant as a zone-less xs:dateTime on the wall clock of `timeZone` (`2026-01-01T05:00:00`):
 * MINDBODY's SOAP API keeps and compares a site's times in the site's local time, without an offset.
 */
export function toSiteLocalDateTime(instant: number, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * The instant of a wall-clock time in `timeZone` (the inverse of {@link toSiteLocalDateTime}); in the
 * hour that repeats when clocks go back, the earlier of the two. Core's zoned-time arithmetic does it.
 */
export function fromSiteLocalDateTime(parts: { y: number; mo: number; d: number; h: number; mi: number; s: number }, timeZone: string): number {
  return zonedInstant({ year: parts.y, month: parts.mo, day: parts.d, hour: parts.h, minute: parts.mi, second: parts.s }, timeZone);
}
