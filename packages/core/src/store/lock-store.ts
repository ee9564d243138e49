/** How long {@link LockStore.withLock} waits for a lock and how long it may keep it. */
export interface LockOptions {
  /**
   * Longest wait for the lock (default 30 s); past it `withLock` throws a retryable `DATABASE` error and
   * `fn` does not run, so a delivery waiting behind a stuck holder is retried later.
   */
  waitMs?: number;
  /**
   * Longest time the lock is kept (default 60 s): a hub that hangs or dies while holding it loses it then,
   * so it never blocks the other hubs for good. `fn` should finish well within it.
   */
  holdMs?: number;
}

/**
 * A lock shared by every hub on the store: `withLock` runs `fn` while no other hub (and no other caller
 * of this process) holds the same `key`. The engine takes it around the create of a lead source, so hubs
 * naming the same new source at once create it once. A store shared by several processes offers it as
 * `ConnectorStore.locks`; without it the engine uses {@link InProcessLocks} (enough for one process).
 */
export interface LockStore {
  /**
   * Runs `fn` holding the lock `key` and answers what it answered; the lock is released when `fn` ends,
   * whether it resolved or threw (its error is thrown on). Keys are any strings.
   *
   * @throws ConnectorError `DATABASE` (retryable) when the lock was not had within `waitMs`.
   */
  withLock<T>(key: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
}

/**
 * The lock of a store that keeps none: one queue per key in this process's memory. Right for a store one
 * process serves (SQLite); hubs sharing a store use the store's. It ignores {@link LockOptions}: a
 * holder in this process cannot die without the waiters, and its platform calls end on their timeouts.
 */
export class InProcessLocks implements LockStore {
  /** The end of the queue of each key in use; removed when its last holder ends. */
  private readonly tails = new Map<string, Promise<void>>();

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
