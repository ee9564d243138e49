import { describeWithPostgres } from './postgres-available';
import { acceptPerson, hubsOnFreshSchema } from './support/in-process-hubs';

describeWithPostgres('a new lead source named by records on three hubs at once', () => {
  jest.setTimeout(60_000);
  const suite = hubsOnFreshSchema('ls');

  it('is created once in a platform that does not deduplicate, and every record links to it', async () => {
    // Acme here creates a second source of the same name and ignores Idempotency-Key; its creates are
    // slow, so each hub looks the source up and misses it before any create has ended.
    const { acme, hubs } = await suite.open(3, { deduplicateLeadSources: false }, { worker: { concurrency: 1, prefetch: 0, pollIntervalMs: 50 } });
    acme.delayNext(3, 500, { on: 'leadSources.create' });
    // One delivery at a time per hub, none claimed ahead: each hub takes one of the three records.
    for (const [i, hub] of hubs.entries()) await acceptPerson(hub, `R${i}`, { firstName: `Radio${i}`, leadSource: 'Radio Ad' });

    for (const hub of hubs) hub.connector.start();
    for (const hub of hubs) expect(await hub.connector.drain(30_000)).toBe(true);

    // The race was real: every hub delivered one of the records.
    expect(hubs.map((hub) => hub.attempts)).toEqual([1, 1, 1]);
    const sources = (await acme.leadSources()).filter((source) => source.name === 'Radio Ad');
    expect(sources).toHaveLength(1);
    const people = await acme.people();
    expect(people.map((p) => [p.firstName, p.leadSourceId]).sort()).toEqual([
      ['Radio0', sources[0].id],
      ['Radio1', sources[0].id],
      ['Radio2', sources[0].id],
    ]);
  });
});
