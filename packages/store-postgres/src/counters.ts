import type { CounterState, CounterStore } from '@connector/core';
import type { RunStatement } from './idempotency';

/** How often (ms) one hub deletes the counters whose window ended, at an add. */
const SWEEP_EVERY_MS = 60_000;

/** The server's clock in epoch ms, whole, taken once per statement (a CTE referenced twice is evaluated once). */
const SERVER_NOW = 'SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::double precision AS now';

interface CounterRow extends Record<string, unknown> {
  count: number;
  resets_at: number;
}

/**
 * Counters in windows of time in the `counters` table, shared by every hub on the schema and kept across
 * restarts. An add is ONE `INSERT … ON CONFLICT DO UPDATE`: hubs adding to one key at once are ordered by
 * its row lock, and each sees the count with its own addition. Times are the server's
 * (`clock_timestamp()`), so hubs' clocks need not agree on when a window ends.
 *
 * Why not rate-limiter-flexible's RateLimiterPostgres: it stamps windows with each process's own clock
 * (`Date.now()` sent as a parameter), fixes one duration per limiter instance (a counter here gets its
 * window per call), creates its own table outside the store's migrations, and clears expired rows on a
 * timer of its own. The one statement below is all it would do for us.
 */
export class PostgresCounters implements CounterStore {
  private lastSweepAt = 0;

  constructor(private readonly rows: RunStatement) {}

  async addToCounter(key: string, points: number, windowMs: number): Promise<CounterState> {
    await this.sweep();
    const [row] = await this.rows<CounterRow>(
      'add to a counter',
      `WITH t AS (${SERVER_NOW})
       INSERT INTO counters AS c (key, count, resets_at) SELECT $1, $2::double precision, t.now + $3::double precision FROM t
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN c.resets_at <= (SELECT now FROM t) THEN EXCLUDED.count ELSE c.count + EXCLUDED.count END,
         resets_at = CASE WHEN c.resets_at <= (SELECT now FROM t) THEN EXCLUDED.resets_at ELSE c.resets_at END
       RETURNING c.count, c.resets_at`,
      [key, points, windowMs],
    );
    return { count: Number(row.count), resetsAt: Number(row.resets_at) };
  }

  async readCounter(key: string): Promise<CounterState | undefined> {
    const [row] = await this.rows<CounterRow>('read a counter', `SELECT count, resets_at FROM counters WHERE key = $1 AND resets_at > (${SERVER_NOW})`, [key]);
    return row && { count: Number(row.count), resetsAt: Number(row.resets_at) };
  }

  /**
   * Deletes the counters whose window ended, at most once a minute per hub (timed by this process's
   * clock, compared with the server's), so the table holds about one window's worth of keys: an address
   * that failed once is not kept forever.
   */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweepAt < SWEEP_EVERY_MS) return;
    this.lastSweepAt = now;
    await this.rows('delete ended counters', `DELETE FROM counters WHERE resets_at <= (${SERVER_NOW})`, []);
  }
}
