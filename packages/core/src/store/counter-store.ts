import { LRUCache } from 'lru-cache';

/** A counter's state: its count in the current window and when that window ends. */
export interface CounterState {
  /** Points added since the window began. */
  count: number;
  /** When (epoch ms, the store's clock) the window ends: the counter starts again from 0 then. */
  resetsAt: number;
}

/**
 * Counters in windows of time, kept in the store: shared by every hub on it and kept across restarts.
 * The hub counts failed authentications per address in them (its throttle), and core counts a
 * platform's calls per day (call budgets). A store offers them as `ConnectorStore.counters`; without
 * it each hub counts in its own memory ({@link MemoryCounterStore}).
 */
export interface CounterStore {
  /**
   * Adds `points` to the counter `key` in ONE atomic step (hubs adding at once each see their own
   * addition) and answers its state after. A counter that does not exist, or whose window has ended,
   * starts a new window of `windowMs` from now, holding `points`.
   */
  addToCounter(key: string, points: number, windowMs: number): Promise<CounterState>;
  /** The counter's state, or undefined when it does not exist or its window has ended. */
  readCounter(key: string): Promise<CounterState | undefined>;
}

/** Counters kept at most by a {@link MemoryCounterStore}; the least recently used go first. */
const MAX_COUNTERS = 100_000;

/**
 * The counters of a store that keeps none: in this process's memory, lost on a restart. Right for tests
 * and for a store without `counters`; a hub on a shared store uses the store's.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new LRUCache<string, CounterState>({ max: MAX_COUNTERS });

  constructor(private readonly now: () => number = Date.now) {}

  async addToCounter(key: string, points: number, windowMs: number): Promise<CounterState> {
    const now = this.now();
    const current = this.live(key, now);
    const next = current ? { count: current.count + points, resetsAt: current.resetsAt } : { count: points, resetsAt: now + windowMs };
    this.counters.set(key, next);
    return { ...next };
  }

  async readCounter(key: string): Promise<CounterState | undefined> {
    const state = this.live(key, this.now());
    return state && { ...state };
  }

  private live(key: string, now: number): CounterState | undefined {
    const state = this.counters.get(key);
    return state && state.resetsAt > now ? state : undefined;
  }
}
