import { MemoryCounterStore, RateLimitedError, type CounterStore, type Logger } from '@connector/core';
import { LRUCache } from 'lru-cache';

/** Settings of the {@link AuthFailureThrottle}. */
export interface AuthFailureThrottleOptions {
  /** Failed authentications allowed per address within the window; 0 turns the throttle off. */
  maxFailures: number;
  windowSeconds: number;
  /**
   * Where the failures are counted: the store's counters (every hub on the store shares them, and a
   * restart keeps them), or this process's memory when the store keeps none.
   */
  counters?: CounterStore;
  /** Told when the counters cannot be reached, and when they answer again. */
  logger?: Logger;
  /** This process's clock (epoch ms), for the Retry-After of a refusal. */
  now?: () => number;
}

/** The counters' keys are shared with other users of the store (call budgets): this prefix keeps them apart. */
const KEY_PREFIX = 'auth-failures:';

/**
 * How long an address with no failures is taken to have none without asking the store again. Honest
 * callers (the common case) then cost one store read a second, not one per request; the price is that an
 * address's first failures on another hub are seen here up to this much later. An address with failures
 * is always read from the store.
 */
const CLEAN_READ_TTL_MS = 1_000;

/**
 * Slows down guessing of API keys and operator passwords: a caller (by network address) that failed to
 * authenticate `maxFailures` times within the window is answered 429 RATE_LIMITED, with Retry-After,
 * before its credentials are even looked at, until the window has passed. The failures are counted in
 * the store's counters, so hubs on one store throttle an address together and a restart does not
 * forget it.
 *
 * When the counters cannot be reached (the database is down or overloaded), authentication goes on
 * unthrottled and a warning is logged: refusing every caller would lock out the honest ones for as long
 * as the database is away, while the credentials are still checked as always.
 */
export class AuthFailureThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly counters: CounterStore;
  private readonly logger: Logger | undefined;
  private readonly now: () => number;
  /** Whether the last use of the counters failed: warns once per outage, not once per request. */
  private unreachable = false;
  /** Addresses read from the store with no failures, for {@link CLEAN_READ_TTL_MS}. */
  private readonly clean = new LRUCache<string, true>({ max: 10_000, ttl: CLEAN_READ_TTL_MS });

  constructor(options: AuthFailureThrottleOptions) {
    this.maxFailures = options.maxFailures;
    this.windowMs = options.windowSeconds * 1000;
    this.counters = options.counters ?? new MemoryCounterStore();
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** @throws RateLimitedError when this address has used up its failures. */
  async check(address: string): Promise<void> {
    if (this.maxFailures <= 0 || this.clean.has(address)) return;
    const state = await this.reach('read', () => this.counters.readCounter(KEY_PREFIX + address));
    if (!state?.count && !this.unreachable) this.clean.set(address, true);
    if (state && state.count >= this.maxFailures) {
      // The window's end is on the store's clock; a hub whose clock is off still says 1 s to the window.
      const seconds = Math.min(Math.max(1, Math.ceil((state.resetsAt - this.now()) / 1000)), this.windowMs / 1000);
      throw new RateLimitedError(`too many failed authentications from this address: try again in ${seconds} s`, { retryAfterMs: seconds * 1000 });
    }
  }

  /** Counts one failed authentication of this address. */
  async failed(address: string): Promise<void> {
    if (this.maxFailures <= 0) return;
    this.clean.delete(address);
    await this.reach('count', () => this.counters.addToCounter(KEY_PREFIX + address, 1, this.windowMs));
  }

  /** Runs one use of the counters; when they cannot be reached, warns (once per outage) and answers undefined. */
  private async reach<T>(what: 'read' | 'count', use: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await use();
      if (this.unreachable) {
        this.unreachable = false;
        this.logger?.info('auth-failure throttle: the store answers again; failed authentications are counted again');
      }
      return result;
    } catch (error) {
      if (!this.unreachable) {
        this.unreachable = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger?.warn(
          `auth-failure throttle: cannot ${what} failed authentications in the store (${reason}); authentication goes on unthrottled until it answers`,
        );
      }
      return undefined;
    }
  }
}
