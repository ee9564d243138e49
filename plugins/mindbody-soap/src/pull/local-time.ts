/** The wall-clock parts of an instant in an IANA time zone. */
function wallClock(instant: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: part('year'), mo: part('month'), d: part('day'), h: part('hour'), mi: part('minute'), s: part('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant as a zone-less xs:dateTime on the wall clock of `timeZone` (`2026-01-01T05:00:00`):
 * MINDBODY's SOAP API keeps and compares a site's times in the site's local time, without an offset.
 */
export function toSiteLocalDateTime(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

/**
 * The instant of a wall-clock time in `timeZone` (the inverse of {@link toSiteLocalDateTime}); in the
 * hour that repeats when clocks go back, the earlier of the two.
 */
export function fromSiteLocalDateTime(parts: { y: number; mo: number; d: number; h: number; mi: number; s: number }, timeZone: string): number {
  const asUtc = Date.UTC(parts.y, parts.mo - 1, parts.d, parts.h, parts.mi, parts.s);
  let guess = asUtc;
  // Two rounds settle the zone's offset at the guess (it can change once, across a DST switch).
  for (let round = 0; round < 2; round++) {
    const w = wallClock(guess, timeZone);
    const offset = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - guess;
    guess = asUtc - offset;
  }
  return guess;
}
