const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a time zone. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: number, timeZone: string): WallTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at `instant` (ms; New York in winter: -5 h). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock of `timeZone` shows `hour:minute` on the given date (month 1-12;
 * a day past the month's end rolls over). Twice the offset is taken, since it may change between the
 * first guess and the answer (a DST change that day). A time that does not exist that day (skipped by a
 * spring-forward) comes out an hour later, as the clocks read then.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  return instant;
}

/** One day of a call budget: the instants it began and ends at, and how operators read them. */
export interface BudgetDay {
  /** Epoch ms the day began (the last reset at or before now). */
  start: number;
  /** Epoch ms the day ends (the next reset). */
  end: number;
  /** The day's first date in the zone, `2026-12-05`: the counter's key. */
  date: string;
  /** The next reset as operators read it: `2026-12-06 00:00 UTC`. */
  endLabel: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The budget day holding `now`: it begins each day at `resetsAt` (`HH:MM`) on the wall clock of
 * `timeZone`, so across a DST change a day lasts 23 or 25 hours, and the reset stays at the time
 * written.
 */
export function budgetDay(now: number, resetsAt: string, timeZone: string): BudgetDay {
  const [hour, minute] = resetsAt.split(':').map(Number);
  const today = wallTime(now, timeZone);
  let startDate = { year: today.year, month: today.month, day: today.day };
  let start = zonedInstant(startDate.year, startDate.month, startDate.day, hour, minute, timeZone);
  if (start > now) {
    // Today's reset is still ahead: the day began at yesterday's.
    const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
    startDate = { year: yesterday.getUTCFullYear(), month: yesterday.getUTCMonth() + 1, day: yesterday.getUTCDate() };
    start = zonedInstant(startDate.year, startDate.month, startDate.day, hour, minute, timeZone);
  }
  const end = zonedInstant(startDate.year, startDate.month, startDate.day + 1, hour, minute, timeZone);
  const next = new Date(Date.UTC(startDate.year, startDate.month - 1, startDate.day + 1));
  return {
    start,
    end,
    date: `${startDate.year}-${pad(startDate.month)}-${pad(startDate.day)}`,
    endLabel: `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())} ${resetsAt} ${timeZone}`,
  };
}
