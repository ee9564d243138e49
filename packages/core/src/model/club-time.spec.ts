import { clubLocalTime } from './club-time';

describe('clubLocalTime', () => {
  it("renders a UTC instant in the club's zone, with the zone's short name", () => {
    expect(clubLocalTime('2026-07-01T16:05:09Z', 'America/New_York')).toBe('2026-07-01 12:05:09 EDT');
    expect(clubLocalTime('2026-01-15T00:30:00.000Z', 'Europe/Paris')).toBe('2026-01-15 01:30:00 GMT+1');
  });

  it('falls back to UTC for an unknown zone and leaves text that is not a date alone', () => {
    expect(clubLocalTime('2026-01-15T00:30:00Z', 'Mars/Olympus')).toBe('2026-01-15 00:30:00 UTC');
    expect(clubLocalTime('yesterday', 'UTC')).toBe('yesterday');
  });
});
