/**
 * Acme's per-API-key rate limit as the simulator enforces it: at most `limit` calls in any sliding
 * second, a call counted at the moment it arrived (as a platform's edge counts it, not when a latency
 * the test added lets it through). A call over the limit is refused and not counted in the window, so a
 * client bouncing off 429s does not lock itself out; the refusals are counted for tests.
 */
export class RateWindow {
  /** Arrival times (ms) of the calls let through in the last second, oldest first. */
  private readonly recent: number[] = [];
  private refusedCount = 0;

  constructor(readonly limit: number) {
    if (!(Number.isFinite(limit) && limit > 0)) throw new RangeError(`rateLimitPerSecond must be a number > 0, got ${limit}`);
  }

  /**
   * Admits a call that arrived at `arrivedAt` (ms), or answers the seconds to wait (Retry-After, at
   * least 1) when `limit` calls already arrived in the second before it.
   */
  admit(arrivedAt: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    while (this.recent.length > 0 && this.recent[0] <= arrivedAt - 1000) this.recent.shift();
    if (this.recent.length >= this.limit) {
      this.refusedCount++;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((this.recent[0] + 1000 - arrivedAt) / 1000)) };
    }
    // Calls are checked after the test's latency, so arrivals may come a little out of order: keep the
    // window sorted, or the oldest would be dropped too late.
    let at = this.recent.length;
    while (at > 0 && this.recent[at - 1] > arrivedAt) at--;
    this.recent.splice(at, 0, arrivedAt);
    return { ok: true };
  }

  /** How many calls were refused with 429 for going over the limit. */
  get refused(): number {
    return this.refusedCount;
  }
}
