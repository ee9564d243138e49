/**
 * Paces calls to a platform at its rate limit instead of bouncing off 429s. Calls go out one after the
 * other, each at least 1/rate after the previous one actually went out: timers fire late, and spacing
 * by a precomputed grid let late calls bunch up into more than `rate` calls in one second. A small margin
 * under the declared rate absorbs the jitter between our clock and the platform's.
 */
export class RateLimiter {
  /** Pace this fraction under the declared rate. */
  static readonly MARGIN = 0.98;
  private readonly intervalMs: number;
  private lastSent = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly ratePerSecond: number, private readonly now: () => number = () => performance.now()) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.intervalMs = 1000 / (ratePerSecond * RateLimiter.MARGIN);
  }

  /** Resolves when the caller may make its call; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let wait = this.lastSent + this.intervalMs - this.now(); wait > 0; wait = this.lastSent + this.intervalMs - this.now()) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      }
      this.lastSent = this.now();
    });
    this.queue = turn;
    return turn;
  }
}
