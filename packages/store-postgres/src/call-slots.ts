import type { CallSlot, CallSlotStore } from '@connector/core';
import type { RunStatement } from './idempotency';

/**
 * Platforms' call grids in `call_slots`, one row per client and platform. A reservation is one
 * `INSERT … ON CONFLICT DO UPDATE`: the row lock orders hubs reserving at once, each gets the slot after
 * the previous one. Times are the server's (`clock_timestamp()`), so hubs' clocks need not agree.
 */
export class PostgresCallSlots implements CallSlotStore {
  constructor(private readonly rows: RunStatement) {}

  async reserveCallSlot(key: string, intervalMs: number): Promise<CallSlot> {
    const [slot] = await this.rows<{ at: number; now: number }>(
      'reserve a call slot',
      `WITH t AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::double precision AS now)
       INSERT INTO call_slots AS s (grid, next_at) SELECT $1, t.now + $2::double precision FROM t
       ON CONFLICT (grid) DO UPDATE SET next_at = GREATEST(s.next_at, (SELECT now FROM t)) + $2::double precision
       RETURNING s.next_at - $2::double precision AS at, (SELECT now FROM t) AS now`,
      [key, intervalMs],
    );
    return { at: Number(slot.at), now: Number(slot.now) };
  }
}
