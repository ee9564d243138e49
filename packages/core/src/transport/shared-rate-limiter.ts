import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger';
import type { CallSlotStore } from '../store/call-slot-store';
import { RateLimiter } from './rate-limiter';

/** What paces a transport's calls: a {@link RateLimiter} of this process, or a {@link SharedRateLimiter}. */
export interface CallPacer {
  /** Resolves when the caller may make its call. */
  acquire(): Promise<void>;
}

/**
 * Paces calls to a platform on a grid shared by every hub on the store ({@link CallSlotStore}): each
 * call reserves the next slot and waits for it, so hubs together stay under the rate, with the same
 * tolerance as {@link RateLimiter} and a wider margin ({@link SharedRateLimiter.MARGIN}). When the store cannot be reached the call is paced by
 * this hub alone (its own grid) rather than held: the store being down stops deliveries anyway.
 */
export class SharedRateLimiter implements CallPacer {
  /**
   * The fraction of the declared rate that hubs sharing a grid pace at: wider than one hub's
   * {@link RateLimiter.MARGIN}. Each call leaves its hub when that hub's event loop gets to it, after a
   * round trip to the store, so calls of several processes reach the platform with tens of milliseconds
   * of jitter; with 2 % the platform's sliding second saw 41 calls now and then (2–3 % of calls answered
   * 429 with three hubs at 40/s). A tenth absorbs about 100 ms of jitter at any rate.
   */
  static readonly MARGIN = 0.9;

  private readonly local: RateLimiter;

  constructor(
    private readonly slots: CallSlotStore,
    private readonly key: string,
    ratePerSecond: number,
    private readonly logger?: Logger,
  ) {
    this.local = new RateLimiter(ratePerSecond, undefined, SharedRateLimiter.MARGIN);
  }

  async acquire(): Promise<void> {
    let slot;
    try {
      slot = await this.slots.reserveCallSlot(this.key, this.local.intervalMs);
    } catch (error) {
      this.logger?.warn(`shared rate limit unavailable, pacing this hub alone: ${(error as Error).message}`);
      return this.local.acquire();
    }
    const wait = slot.at - slot.now - this.local.toleranceMs;
    if (wait > 0) await sleep(wait);
  }
}
