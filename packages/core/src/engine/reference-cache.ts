import { LRUCache } from 'lru-cache';

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

/** Reference lists kept at most, one per client + platform + club; the least recently used go first. */
const MAX_LISTS = 10_000;

/**
 * Caches a platform's reference lists (staff, lead sources) per key (client + platform + club): fetched
 * once, shared by concurrent deliveries (one fetch in flight per key), refreshed on a TTL and on a miss.
 * Platforms such as MINDBODY bill calls beyond a daily quota, so a changed record must cost one platform
 * call and an unchanged one none.
 */
export class ReferenceCache<T> {
  // lru-cache does the TTL and shares one fetch in flight per key; the fetch of each call comes as its context.
  private readonly entries: LRUCache<string, Entry<T>, () => Promise<T[]>>;
  private readonly missRefreshMs: number;
  private readonly now: () => number;

  /** @param options - the TTL, the miss-refresh interval and the clock (see {@link ReferenceCacheOptions}). */
  constructor(options: ReferenceCacheOptions = {}) {
    this.missRefreshMs = options.missRefreshMs ?? 30_000;
    const now = options.now ?? Date.now;
    this.now = now;
    this.entries = new LRUCache<string, Entry<T>, () => Promise<T[]>>({
      max: MAX_LISTS,
      ttl: options.ttlMs ?? 10 * 60_000,
      // lru-cache reads a start time of 0 as "no TTL"; a clock may start at 0 (tests), so it is read 1 ms
      // later. Every read asks the clock (ttlResolution 0), as a test clock moves by jumps.
      perf: { now: () => now() + 1 },
      ttlResolution: 0,
      fetchMethod: async (_key, _stale, { context }) => ({ items: await context(), fetchedAt: this.now() }),
      // An invalidate during a fetch must not fail the deliveries waiting for it: they get the list.
      ignoreFetchAbort: true,
    });
  }

  private load(key: string, fetch: () => Promise<T[]>, forceRefresh = false): Promise<Entry<T>> {
    return this.entries.fetch(key, { context: fetch, forceRefresh }) as Promise<Entry<T>>;
  }

  /**
   * Finds an item matching `match` in the cached list for `key`, fetching the list when it is absent or
   * stale, and once more on a miss when the list is older than the miss-refresh interval.
   */
  async find(key: string, fetch: () => Promise<T[]>, match: (item: T) => boolean): Promise<T | undefined> {
    let entry = await this.load(key, fetch);
    const hit = entry.items.find(match);
    if (hit || this.now() - entry.fetchedAt < this.missRefreshMs) return hit;
    entry = await this.load(key, fetch, true);
    return entry.items.find(match);
  }

  /** Adds an item the hub just created in the platform, so it is found without a refetch. */
  add(key: string, item: T): void {
    this.entries.peek(key, { allowStale: true })?.items.push(item);
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
