import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces calls to a platform at its rate limit instead of bouncing off 429s, by the generic cell rate
 * algorithm (GCRA): call k is due at the theoretical time k x interval of an even grid, and may go out
 * up to a tolerance before it. The tolerance absorbs late timers (a call that went out 2 ms late does
 * not delay every later one), yet in any second at most (1000 + tolerance) / interval + 1 calls go out,
 * which the margin keeps under the declared rate. A call later than its grid time by more than the
 * tolerance restarts the grid from now: idle time earns no burst. Callers are served in order.
 */
export class RateLimiter {
  /** Pace this fraction under the declared rate. */
  static readonly MARGIN = 0.98;
  /** The grid's spacing (ms): 1000 / (rate x margin). */
  readonly intervalMs: number;
  /** How early (ms) a call may go out before its grid time. */
  readonly toleranceMs: number;
  /** The theoretical time of the next call on the grid. */
  private nextAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  /** @param margin - the fraction of the declared rate paced at (default {@link RateLimiter.MARGIN}). */
  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    margin: number = RateLimiter.MARGIN,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.intervalMs = 1000 / (ratePerSecond * margin);
    // As much as the margin covers: in any second at most floor((1000 + tolerance) / interval) + 1 calls
    // go out, so the tolerance spends the margin's 2 % of a second less one and a half calls (5 ms at
    // 100/s, 12 ms at 300/s), and at least 1 ms (still under the rate at 50/s and below).
    this.toleranceMs = Math.max(1, Math.min(20, (1000 * ((1 - RateLimiter.MARGIN) * ratePerSecond - 1.5)) / (ratePerSecond * RateLimiter.MARGIN)));
  }

  /** Resolves when the caller may make its call. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let wait = this.nextAt - this.toleranceMs - this.now(); wait > 0; wait = this.nextAt - this.toleranceMs - this.now()) {
        await sleep(wait);
      }
      this.nextAt = Math.max(this.nextAt, this.now()) + this.intervalMs;
    });
    this.queue = turn;
    return turn;
  }
}
