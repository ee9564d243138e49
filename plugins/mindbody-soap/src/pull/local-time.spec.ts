import { fromSiteLocalDateTime, toSiteLocalDateTime } from './local-time';

const parts = (text: string) => {
  const [y, mo, d, h, mi, s] = text.split(/[-T:]/).map(Number);
  return { y, mo, d, h, mi, s };
};

describe('site-local times (LastModifiedDate)', () => {
  it('writes an instant on the wall clock of the zone, summer and winter', () => {
    expect(toSiteLocalDateTime(Date.parse('2026-01-01T10:00:00Z'), 'America/New_York')).toBe('2026-01-01T05:00:00');
    expect(toSiteLocalDateTime(Date.parse('2026-07-01T10:00:00Z'), 'America/New_York')).toBe('2026-07-01T06:00:00');
    expect(toSiteLocalDateTime(Date.parse('2026-07-01T10:00:00Z'), 'UTC')).toBe('2026-07-01T10:00:00');
  });

  it('reads a wall-clock time back to the same instant', () => {
    for (const iso of ['2026-01-01T10:00:00Z', '2026-07-01T23:59:59Z', '2026-03-08T07:30:00Z', '2026-11-01T04:30:00Z']) {
      const local = toSiteLocalDateTime(Date.parse(iso), 'America/New_York');
      expect(new Date(fromSiteLocalDateTime(parts(local), 'America/New_York')).toISOString()).toBe(new Date(iso).toISOString());
    }
  });

  it('takes the earlier instant in the hour that repeats when clocks go back', () => {
    // 2026-11-01 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
    expect(new Date(fromSiteLocalDateTime(parts('2026-11-01T01:30:00'), 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
