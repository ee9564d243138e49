import { RateWindow } from './rate-window';

describe('the simulator’s rate window', () => {
  it('lets `limit` calls through in any second, refuses the next with the seconds to wait, and counts the refusals', () => {
    const window = new RateWindow(3);
    expect([0, 100, 200].map((t) => window.admit(t))).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(window.admit(300)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(window.admit(999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    // The call at 0 has left the second before 1000: one more fits, then the window is full again.
    expect(window.admit(1000)).toEqual({ ok: true });
    expect(window.admit(1050)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(window.refused).toBe(3);
  });

  it('does not count refused calls, so a client that keeps bouncing is let in once the second has passed', () => {
    const window = new RateWindow(1);
    expect(window.admit(0)).toEqual({ ok: true });
    for (let t = 10; t < 1000; t += 10) expect(window.admit(t).ok).toBe(false);
    expect(window.admit(1000)).toEqual({ ok: true });
    expect(window.refused).toBe(99);
  });

  it('counts calls by arrival even when they are checked a little out of order', () => {
    const window = new RateWindow(2);
    expect(window.admit(500)).toEqual({ ok: true });
    expect(window.admit(490)).toEqual({ ok: true });
    // 1,495 is within a second of 500 but not of 490: one place is free again.
    expect(window.admit(1495)).toEqual({ ok: true });
    expect(window.admit(1496)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('refuses a limit that is not a positive number, naming the option', () => {
    expect(() => new RateWindow(0)).toThrow('rateLimitPerSecond must be a number > 0, got 0');
  });
});
