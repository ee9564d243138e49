import { RateLimitedError } from '@connector/core';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Slows down guessing of API keys and operator passwords: a caller (by network address) that failed to
 * authenticate `maxFailures` times within the window is answered 429 RATE_LIMITED, with Retry-After,
 * before its credentials are even looked at, until the window has passed. Counting is rate-limiter-
 * flexible's, in this process's memory.
 */
export class AuthFailureThrottle {
  private readonly limiter?: RateLimiterMemory;

  /** `maxFailures` 0 turns the throttle off. */
  constructor(
    private readonly maxFailures: number,
    windowSeconds: number,
  ) {
    if (maxFailures > 0) this.limiter = new RateLimiterMemory({ points: maxFailures, duration: windowSeconds });
  }

  /** @throws RateLimitedError when this address has used up its failures. */
  async check(address: string): Promise<void> {
    const state = await this.limiter?.get(address);
    if (state && state.consumedPoints >= this.maxFailures) {
      const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      throw new RateLimitedError(`too many failed authentications from this address: try again in ${seconds} s`, { retryAfterMs: seconds * 1000 });
    }
  }

  /** Counts one failed authentication of this address. */
  async failed(address: string): Promise<void> {
    await this.limiter?.penalty(address, 1);
  }
}
