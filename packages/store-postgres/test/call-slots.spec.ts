import { RateLimiter, SharedRateLimiter } from '@connector/core';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

describeWithPostgres("a platform's rate limit shared by hubs on one Postgres", () => {
  const schema = freshSchema('slots');
  let stores: PostgresStore[] = [];

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  });

  it('hands two hubs reserving at once slots of ONE grid: no two closer than the interval, so together they stay under the rate', async () => {
    stores = [await PostgresStore.connect({ url: DATABASE_URL, schema }), await PostgresStore.connect({ url: DATABASE_URL, schema })];
    const intervalMs = new RateLimiter(2).intervalMs;
    const reservations = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2].callSlots.reserveCallSlot('client-1/acme', intervalMs)));
    const starts = reservations.map((slot) => slot.at).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(intervalMs - 1e-6);
    // 20 calls at 2/s: the last slot lies about 10 s past the first, whichever hub reserved it.
    expect(starts[19] - starts[0]).toBeGreaterThanOrEqual(19 * intervalMs - 1e-6);
    // Another client's grid is its own: its first slot is now.
    const other = await stores[1].callSlots.reserveCallSlot('client-2/acme', intervalMs);
    expect(other.at).toBe(other.now);
  });

  it('paces through SharedRateLimiter: the second call waits for its slot, and the other hub gets the slot after', async () => {
    // Half a call per second: hub A's second call waits for its slot (about 2 s after the first).
    const limiter = new SharedRateLimiter(stores[0].callSlots, 'client-3/acme', 0.5);
    await limiter.acquire();
    await limiter.acquire();
    const next = await stores[1].callSlots.reserveCallSlot('client-3/acme', new RateLimiter(0.5).intervalMs);
    // Hub A's two calls took the first two slots: hub B must wait for the third, still ahead.
    expect(next.at - next.now).toBeGreaterThan(0);
  });
});
