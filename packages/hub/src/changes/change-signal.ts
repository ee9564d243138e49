/**
 * Wakes the long polls of the change feed when this process commits a change. Changes committed by
 * another process (a CLI import, another hub on a shared store) are not signalled: the feed also reads
 * the store at an interval while it waits.
 */
export class ChangeSignal {
  private readonly waiters = new Set<() => void>();
  private closed = false;

  /** Resolves at the next {@link notify}, after `ms`, when `abort` fires, or at once once closed. */
  wait(ms: number, abort?: AbortSignal): Promise<void> {
    if (this.closed || abort?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      abort?.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  /** Something was committed: every waiter reads the store again. */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** The hub is stopping: waiters answer what they have, and no new wait blocks. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
