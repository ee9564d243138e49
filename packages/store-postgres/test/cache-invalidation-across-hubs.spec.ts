import { setTimeout as sleep } from 'node:timers/promises';
import { INVALIDATE_ALL } from '@connector/core';
import { describeWithPostgres } from './postgres-available';
import { acceptPerson, CLIENT, CLUB, hubsOnFreshSchema } from './support/in-process-hubs';

/** Lists are kept an hour, even after a miss: only an invalidation can make a hub fetch one again. */
const LONG_CACHE = { ttlMs: 3_600_000, missRefreshMs: 3_600_000 };

describeWithPostgres('a staff list changed through one hub, on two hubs sharing a Postgres', () => {
  jest.setTimeout(60_000);
  const suite = hubsOnFreshSchema('inval');

  it('is fetched again by the other hub, whose list was warm, on its next delivery', async () => {
    const { acme, hubs } = await suite.open(2, {}, { engine: { cache: LONG_CACHE }, worker: { pollIntervalMs: 50 } });
    const alice = await acme.addStaff({ firstName: 'Alice', lastName: 'Sales', email: 'alice@club.example' });
    const [a, b] = hubs;
    // What hub B's LISTEN connection hears, in the order its engine hears it.
    const heardByB: string[] = [];
    b.store.invalidations.onInvalidation((key) => heardByB.push(key));

    // Hub B delivers twice with Alice as owner: its staff list is fetched once, then used from its cache.
    b.connector.start();
    await acceptPerson(a, 'P1', { firstName: 'First', ownerEmail: 'alice@club.example' });
    expect(await b.connector.drain(20_000)).toBe(true);
    await acceptPerson(a, 'P2', { firstName: 'Second', ownerEmail: 'alice@club.example' });
    expect(await b.connector.drain(20_000)).toBe(true);
    expect(acme.calls()['staff.list']).toBe(1);
    expect(heardByB.filter((key) => key !== INVALIDATE_ALL)).toEqual([]);
    await b.connector.stop();

    // Bob joins the club; his staff record reaches hub A, which links him (and tells the other hubs).
    const bob = await acme.addStaff({ firstName: 'Bob', lastName: 'Sales', email: 'bob@club.example' });
    a.connector.start();
    await a.connector.accept({
      provider: 'CRM',
      clientId: CLIENT,
      clubId: CLUB,
      recordId: 'S-BOB',
      kind: 'staff',
      content: { firstName: 'Bob', lastName: 'Sales', email: 'bob@club.example' },
    });
    expect(await a.connector.drain(20_000)).toBe(true);
    await a.connector.stop();
    // Bounded wait until the notice reached hub B (its engine heard it with this listener).
    const staffOfClub = JSON.stringify(['staff', CLIENT, 'acme', CLUB]);
    for (let i = 0; i < 400 && !heardByB.includes(staffOfClub); i++) await sleep(25);
    expect(heardByB).toContain(staffOfClub);

    // Hub B's cached list lacks Bob and would be kept an hour: the invalidation makes it fetch the list.
    b.connector.start();
    await acceptPerson(a, 'P3', { firstName: 'Third', ownerEmail: 'bob@club.example' });
    expect(await b.connector.drain(20_000)).toBe(true);

    const owners = Object.fromEntries((await acme.people()).map((p) => [p.firstName, p.ownerId]));
    expect(owners).toEqual({ First: alice, Second: alice, Third: bob });
    expect(b.attempts).toBe(3);
    expect(a.attempts).toBe(1);
  });
});
