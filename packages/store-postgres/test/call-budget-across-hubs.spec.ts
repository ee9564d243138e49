import { setTimeout as sleep } from 'node:timers/promises';
import { describeWithPostgres } from './postgres-available';
import { acceptPerson, CLIENT, hubsOnFreshSchema } from './support/in-process-hubs';

/** The UTC time 12 hours from now, "HH:MM": the budget's day cannot end while the test runs. */
function resetFarAway(): string {
  const at = new Date(Date.now() + 12 * 3_600_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:00`;
}

describeWithPostgres('a call budget spent by three hubs on one Postgres', () => {
  jest.setTimeout(90_000);
  const suite = hubsOnFreshSchema('budget');

  it('holds Acme to perDay calls in all, keeps the rest queued, and warns once', async () => {
    // A new person costs Acme three calls (two look-ups, a create): 12 records need 36, the budget is 10.
    const perDay = 10;
    const records = 12;
    const { acme, hubs } = await suite.open(
      3,
      {},
      {
        worker: { concurrency: 2, pollIntervalMs: 20 },
        turnUp: { callBudget: { perDay, resetsAt: resetFarAway(), timeZone: 'UTC' } },
      },
    );
    for (let i = 0; i < records; i++) await acceptPerson(hubs[i % 3], `B${i}`, { firstName: `Budget${i}` });
    for (const hub of hubs) hub.connector.start();

    const store = hubs[0].store;
    const log = () => store.listLog({ clientId: CLIENT, limit: 500 });
    // Every hub has tried to deliver (each was refused or delivered), and the budget's WARNING is written.
    for (let step = 0; ; step++) {
      if (step > 600) throw new Error('no WARNING about the spent budget after 30 s');
      const entries = await log();
      if (entries.some((e) => e.level === 'WARNING') && hubs.every((hub) => hub.attempts > 0)) break;
      await sleep(50);
    }
    // The last calls of the budget may still be on their way when another hub is refused: wait for them,
    // then a moment more, in which no further call may arrive.
    for (let step = 0; acme.requests().length < perDay; step++) {
      if (step > 200) throw new Error(`Acme received ${acme.requests().length} calls, not the budget's ${perDay}`);
      await sleep(50);
    }
    await sleep(300);
    expect(acme.requests().length).toBe(perDay);

    const entries = await log();
    const warnings = entries.filter((e) => e.level === 'WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].summary).toMatch(new RegExp(`^Acme's call budget of ${perDay} a day is spent: deliveries wait until `));
    expect(entries.filter((e) => e.level === 'ERROR')).toEqual([]);
    expect(await store.listDeadLetters({ clientId: CLIENT })).toEqual([]);
    // The records Acme did not get are still queued, for the next day.
    const delivered = (await acme.people()).length;
    expect(delivered).toBeLessThan(records);
  });
});
