import { parseTokenExpiry } from './staff-token.cache';

describe('parseTokenExpiry', () => {
  it("reads MINDBODY's expiry as UTC, with or without an offset", () => {
    expect(parseTokenExpiry('2030-01-02T03:04:05Z')).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(parseTokenExpiry('2030-01-02T03:04:05')).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(parseTokenExpiry('2030-01-02T05:04:05+02:00')).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
  });

  it('keeps a token without a readable expiry until MINDBODY refuses it', () => {
    expect(parseTokenExpiry(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(parseTokenExpiry('soon')).toBe(Number.POSITIVE_INFINITY);
  });
});
