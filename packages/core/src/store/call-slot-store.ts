/** A call slot reserved by {@link CallSlotStore.reserveCallSlot}, both times on the store's clock. */
export interface CallSlot {
  /** When (epoch ms) the slot starts. */
  at: number;
  /** The store's time (epoch ms) at the reservation: the caller waits `at - now` on its own clock. */
  now: number;
}

/**
 * A platform's call grid shared by every hub on the store, so N hubs together stay under the platform's
 * rate limit: each call reserves the next slot of its grid (the generic cell rate algorithm of
 * `RateLimiter`, kept in the store). A store shared by several processes offers it as
 * `ConnectorStore.callSlots`; without it each hub paces alone.
 */
export interface CallSlotStore {
  /**
   * Reserves, in ONE atomic step, the next slot of the grid named `key` (client and platform): at the
   * grid's next time or now, whichever is later, and moves the grid `intervalMs` past it. Idle time
   * earns no burst. Times are the store's, so hubs with skewed clocks share one grid.
   */
  reserveCallSlot(key: string, intervalMs: number): Promise<CallSlot>;
}
