/** Settings of a {@link ReferenceCache}. */
export interface ReferenceCacheOptions {
  /** How long a fetched list is used before it is fetched again (default 10 minutes). */
  ttlMs?: number;
  /**
   * A miss (a name or email not in the list) refreshes the list, but not more often than this (default
   * 30 s): an owner who is not in the platform must not cost a platform call per delivery.
   */
  missRefreshMs?: number;
  now?: () => number;
}

interface Entry<T> {
  items: T[];
  fetchedAt: number;
}

/**
 * Caches a platform's reference lists (staff, lead sources) per key (client + platform + club): fetched
 * once, shared by concurrent deliveries (one fetch in flight per key), refreshed on a TTL and on a miss.
 * Platforms such as MINDBODY bill calls beyond a daily quota, so a changed record must cost one platform
 * call and an unchanged one none.
 */
export class ReferenceCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<Entry<T>>>();
  private readonly ttlMs: number;
  private readonly missRefreshMs: number;
  private readonly now: () => number;

  constructor(options: ReferenceCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.missRefreshMs = options.missRefreshMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  private load(key: string, fetch: () => Promise<T[]>): Promise<Entry<T>> {
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = fetch()
        .then((items) => {
          const entry = { items, fetchedAt: this.now() };
          this.entries.set(key, entry);
          return entry;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /**
   * Finds an item matching `match` in the cached list for `key`, fetching the list when it is absent or
   * stale, and once more on a miss when the list is older than the miss-refresh interval.
   */
  async find(key: string, fetch: () => Promise<T[]>, match: (item: T) => boolean): Promise<T | undefined> {
    let entry = this.entries.get(key);
    if (!entry || this.now() - entry.fetchedAt > this.ttlMs) entry = await this.load(key, fetch);
    const hit = entry.items.find(match);
    if (hit || this.now() - entry.fetchedAt < this.missRefreshMs) return hit;
    entry = await this.load(key, fetch);
    return entry.items.find(match);
  }

  /** Adds an item the hub just created in the platform, so it is found without a refetch. */
  add(key: string, item: T): void {
    this.entries.get(key)?.items.push(item);
  }

  /** Forgets one key (or all), e.g. after an operator re-links staff. */
  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}

/** Lead sources match by name, ignoring case and spaces (delivery rule 1). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '');
}
