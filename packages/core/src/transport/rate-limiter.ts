/**
 * Paces calls to a platform at its rate limit instead of bouncing off 429s: each call takes the next
 * free slot, 1/rate seconds after the previous one, with a small burst allowance.
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;
  private readonly burst: number;

  constructor(readonly ratePerSecond: number, burst = 1, private readonly now: () => number = () => performance.now()) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.intervalMs = 1000 / ratePerSecond;
    this.burst = Math.max(1, burst);
  }

  /** Resolves when the caller may make its call. */
  acquire(): Promise<void> {
    const now = this.now();
    // Unused slots accumulate up to `burst`, so a quiet period allows a short burst.
    const earliest = now - (this.burst - 1) * this.intervalMs;
    const slot = Math.max(this.nextSlot, earliest);
    this.nextSlot = slot + this.intervalMs;
    const wait = slot - now;
    return wait > 0.5 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  }
}
