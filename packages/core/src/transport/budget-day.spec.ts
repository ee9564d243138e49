import { budgetDay } from './budget-day';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('budgetDay', () => {
  it('is the UTC day that holds now, and names its reset as operators read it', () => {
    const day = budgetDay(at('2026-12-05T15:00:00Z'), '00:00', 'UTC');
    expect(day).toEqual({ start: at('2026-12-05T00:00:00Z'), end: at('2026-12-06T00:00:00Z'), date: '2026-12-05', endLabel: '2026-12-06 00:00 UTC' });
  });

  it('began at yesterday\u2019s reset while today\u2019s is still ahead', () => {
    const day = budgetDay(at('2026-12-05T05:59:00Z'), '06:00', 'UTC');
    expect(day).toMatchObject({ start: at('2026-12-04T06:00:00Z'), end: at('2026-12-05T06:00:00Z'), date: '2026-12-04', endLabel: '2026-12-05 06:00 UTC' });
    expect(budgetDay(at('2026-12-05T06:00:00Z'), '06:00', 'UTC').date).toBe('2026-12-05');
  });

  it('keeps midnight in New York across the spring DST change: a day of 23 hours', () => {
    // 2026-03-08 02:00 EST the clocks went to 03:00 EDT.
    const day = budgetDay(at('2026-03-08T12:00:00Z'), '00:00', 'America/New_York');
    expect(day).toMatchObject({ start: at('2026-03-08T05:00:00Z'), end: at('2026-03-09T04:00:00Z'), date: '2026-03-08' });
    expect(day.end - day.start).toBe(23 * HOUR);
    expect(day.endLabel).toBe('2026-03-09 00:00 America/New_York');
    // 23:30 EST on the 7th is still the 7th's day.
    expect(budgetDay(at('2026-03-08T04:30:00Z'), '00:00', 'America/New_York')).toMatchObject({
      start: at('2026-03-07T05:00:00Z'),
      end: at('2026-03-08T05:00:00Z'),
      date: '2026-03-07',
    });
  });

  it('keeps midnight in New York across the autumn DST change: a day of 25 hours', () => {
    const day = budgetDay(at('2026-11-01T12:00:00Z'), '00:00', 'America/New_York');
    expect(day).toMatchObject({ start: at('2026-11-01T04:00:00Z'), end: at('2026-11-02T05:00:00Z'), date: '2026-11-01' });
    expect(day.end - day.start).toBe(25 * HOUR);
  });

  it('holds now in a day of 23 to 25 hours, every hour of a year, in a zone west and one east', () => {
    for (const timeZone of ['America/New_York', 'Australia/Sydney']) {
      for (let now = at('2026-01-01T00:30:00Z'); now < at('2027-01-01T00:00:00Z'); now += 17 * HOUR) {
        const day = budgetDay(now, '02:30', timeZone);
        expect(day.start).toBeLessThanOrEqual(now);
        expect(day.end).toBeGreaterThan(now);
        expect([23, 24, 25].map((h) => h * HOUR)).toContain(day.end - day.start);
      }
    }
  });
});
