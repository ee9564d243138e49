import { wallTime, zonedInstant } from '../model/zoned-time';

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
  let start = zonedInstant({ ...startDate, hour, minute, second: 0 }, timeZone);
  if (start > now) {
    // Today's reset is still ahead: the day began at yesterday's.
    const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
    startDate = { year: yesterday.getUTCFullYear(), month: yesterday.getUTCMonth() + 1, day: yesterday.getUTCDate() };
    start = zonedInstant({ ...startDate, hour, minute, second: 0 }, timeZone);
  }
  const end = zonedInstant({ ...startDate, day: startDate.day + 1, hour, minute, second: 0 }, timeZone);
  const next = new Date(Date.UTC(startDate.year, startDate.month - 1, startDate.day + 1));
  return {
    start,
    end,
    date: `${startDate.year}-${pad(startDate.month)}-${pad(startDate.day)}`,
    endLabel: `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())} ${resetsAt} ${timeZone}`,
  };
}
