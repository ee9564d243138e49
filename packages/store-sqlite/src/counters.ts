import type { CounterState, CounterStore } from '@connector/core';
import type { SqliteStatements } from './idempotency';

/** How often (ms) the counters whose window ended are deleted, at an add. */
const SWEEP_EVERY_MS = 60_000;

interface CounterRow {
  count: number;
  resets_at: number;
}

/** How the counters read the store's statements and its clock. */
export interface SqliteCounterStatements extends SqliteStatements {
  /** Read-only work under the store's error handling. */
  read<T>(operation: string, work: () => T): T;
  /** The store's clock (epoch ms). */
  now(): number;
}

/**
 * Counters in windows of time in the `counters` table, so they survive a restart of the hub. An add is
 * ONE `INSERT … ON CONFLICT DO UPDATE … RETURNING` on the store's one connection: nothing comes between
 * the read of the count and its update.
 *
 * Why not rate-limiter-flexible's RateLimiterSQLite: it fixes one duration per limiter instance (a
 * counter here gets its window per call), creates its own table outside the store's migrations, and
 * stamps windows with `Date.now()` instead of the store's clock. The one statement below is all it
 * would do for us.
 */
export class SqliteCounters implements CounterStore {
  private lastSweepAt = 0;

  constructor(private readonly sql: SqliteCounterStatements) {}

  async addToCounter(key: string, points: number, windowMs: number): Promise<CounterState> {
    return this.sql.write('add to a counter', () => {
      const now = this.sql.now();
      // An address that failed once must not stay in the file forever: ended windows go, once a minute.
      if (now - this.lastSweepAt >= SWEEP_EVERY_MS) {
        this.lastSweepAt = now;
        this.sql.statement('DELETE FROM counters WHERE resets_at <= ?').run(now);
      }
      const row = this.sql
        .statement(
          `INSERT INTO counters (key, count, resets_at) VALUES (@key, @points, @now + @windowMs)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN counters.resets_at <= @now THEN excluded.count ELSE counters.count + excluded.count END,
             resets_at = CASE WHEN counters.resets_at <= @now THEN excluded.resets_at ELSE counters.resets_at END
           RETURNING count, resets_at`,
        )
        .get({ key, points, now, windowMs }) as CounterRow;
      return { count: row.count, resetsAt: row.resets_at };
    });
  }

  async readCounter(key: string): Promise<CounterState | undefined> {
    return this.sql.read('read a counter', () => {
      const row = this.sql.statement('SELECT count, resets_at FROM counters WHERE key = ? AND resets_at > ?').get(key, this.sql.now()) as
        CounterRow | undefined;
      return row && { count: row.count, resetsAt: row.resets_at };
    });
  }
}
