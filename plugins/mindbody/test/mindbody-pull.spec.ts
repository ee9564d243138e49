import { turnUpOnSimulator, type SimulatorTurnUp } from '@connector/testing';
import mindbodyPlugin, { PULL_OVERLAP_MS } from '@connector/plugin-mindbody';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';
import { CLIENT, fullProspect, writeFor } from './support/mindbody-fixtures';
import { pullUntilDone } from './support/pull-helpers';

type Site = SimulatorTurnUp<typeof mindbodyPlugin, MindbodySimulator>;

async function addProspect(site: Site, firstName: string, extra: { club?: string; userType?: 'PROSPECT' | 'MEMBER' } = {}): Promise<string> {
  const { runtime } = site;
  const write = writeFor(
    runtime,
    fullProspect({ firstName, lastName: 'Puller', email: `${firstName.toLowerCase()}@example.com`, userType: extra.userType ?? 'PROSPECT' }),
  );
  const club = runtime.clubContext(extra.club ?? 'club-1')!;
  const operations = extra.userType === 'MEMBER' ? runtime.members! : runtime.prospects!;
  return operations.create!({ ...write, club });
}

describe('MINDBODY pull (GET client/clients with request.lastModifiedDate)', () => {
  let site: Site;

  beforeEach(async () => {
    site = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
  });

  afterEach(async () => {
    await site?.close();
  });

  it('declares pull with get', () => {
    expect(mindbodyPlugin.capabilities.pull).toEqual({ changes: true, get: true });
  });

  it('maps prospects, members, former members (Expired, Terminated) and inactive clients, with their home club', async () => {
    const prospect = await addProspect(site, 'Pia');
    const sold = await addProspect(site, 'Sol');
    const expired = await addProspect(site, 'Exa');
    const terminated = await addProspect(site, 'Tera');
    const inactive = await addProspect(site, 'Ina');
    const elsewhere = await addProspect(site, 'Elsa', { club: 'club-2', userType: 'MEMBER' });
    site.simulator.sellMembership(sold);
    site.simulator.sellMembership(expired);
    site.simulator.endMembership(expired, 'Expired');
    site.simulator.sellMembership(terminated);
    site.simulator.endMembership(terminated, 'Terminated');
    site.simulator.deactivateClient(inactive);

    const club1 = site.runtime.clubContext('club-1')!;
    const { items } = await pullUntilDone(site.runtime, club1);
    const byId = new Map(items.map((item) => [item.platformId, item]));

    expect(byId.get(prospect)).toMatchObject({
      platformClubId: club1.platformClubId,
      modifiedAt: expect.stringMatching(/Z$/),
      person: {
        firstName: 'Pia',
        lastName: 'Puller',
        email: 'pia@example.com',
        userType: 'PROSPECT',
        userStatus: 'ACTIVE',
        birthdate: '1990-02-03',
        gender: 'F',
        city: 'Springfield',
        country: 'US',
      },
    });
    expect(byId.get(sold)?.person).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE' });
    expect(byId.get(expired)?.person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(byId.get(terminated)?.person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(byId.get(inactive)?.person).toMatchObject({ userType: 'PROSPECT', userStatus: 'INACTIVE' });
    // Another club's client comes with that club's pull, not this one's.
    expect(byId.has(elsewhere)).toBe(false);
    const club2 = await pullUntilDone(site.runtime, site.runtime.clubContext('club-2')!);
    expect(club2.items.map((item) => item.platformId)).toEqual([elsewhere]);
    expect(club2.items[0]).toMatchObject({ platformClubId: site.runtime.turnUp.clubs['club-2'], person: { userType: 'MEMBER', userStatus: 'ACTIVE' } });
  });

  it('pages through more than a page of clients with the same modified time: each once, then done', async () => {
    site.simulator.setTime('2026-01-01T10:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 230; i++) ids.push(await addProspect(site, `Eq${i}`));

    const club = site.runtime.clubContext('club-1')!;
    const before = site.simulator.calls()['people.search'] ?? 0;
    const run = await pullUntilDone(site.runtime, club, { limit: 100 });

    expect(run.pages.map((page) => page.items.length)).toEqual([100, 100, 30]);
    expect(run.items.map((item) => item.platformId).sort()).toEqual([...ids].sort());
    expect((site.simulator.calls()['people.search'] ?? 0) - before).toBe(3);
    // The next sweep starts at that modified time (on or after): it reads the same clients once more
    // (the hub's content hash drops them) and ends; it does not loop.
    const again = await pullUntilDone(site.runtime, club, { cursor: run.cursor, limit: 100 });
    expect(again.items).toHaveLength(230);
    expect(JSON.parse(again.cursor)).toMatchObject({ since: '2026-01-01T10:00:00.000Z', offset: 0 });
  }, 30_000);

  it('asks MINDBODY for 200 clients at most, whatever core asks for', async () => {
    site.simulator.setTime('2026-01-01T10:00:00Z');
    for (let i = 0; i < 205; i++) await addProspect(site, `Big${i}`);
    const run = await pullUntilDone(site.runtime, site.runtime.clubContext('club-1')!, { limit: 1000 });
    expect(run.pages.map((page) => page.items.length)).toEqual([200, 5]);
  }, 30_000);

  it('resumes from its cursor: the next pull reads what changed since, a sale comes back as a member', async () => {
    const club = site.runtime.clubContext('club-1')!;
    site.simulator.setTime('2026-01-01T10:00:00Z');
    const early = await addProspect(site, 'Early');
    site.simulator.setTime('2026-01-01T11:00:00Z');
    const later = await addProspect(site, 'Later');
    const first = await pullUntilDone(site.runtime, club);
    expect(first.items.map((item) => item.platformId)).toEqual([early, later]);
    // The sweep's latest modified time is before the hub's clock minus the overlap: the next starts there.
    expect(JSON.parse(first.cursor)).toEqual({ v: 1, since: '2026-01-01T11:00:00.000Z', offset: 0 });

    site.simulator.setTime('2026-01-02T09:00:00Z');
    site.simulator.sellMembership(early);
    const second = await pullUntilDone(site.runtime, club, { cursor: first.cursor });
    const changed = new Map(second.items.map((item) => [item.platformId, item]));
    expect(changed.get(early)).toMatchObject({ modifiedAt: '2026-01-02T09:00:00.000Z', person: { userType: 'MEMBER', userStatus: 'ACTIVE' } });
    // `later` is read again (modified exactly at the cursor's time: "on or after"), nothing older.
    expect([...changed.keys()].sort()).toEqual([early, later].sort());
  });

  it('re-reads the same page from the same cursor (a crash after a page re-reads it, never skips it)', async () => {
    site.simulator.setTime('2026-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await addProspect(site, `Re${i}`);
    const club = site.runtime.clubContext('club-1')!;
    const page1 = await site.runtime.pull!.changes({ club, limit: 2 });
    const page2 = await site.runtime.pull!.changes({ club, cursor: page1.cursor, limit: 2 });
    const page2Again = await site.runtime.pull!.changes({ club, cursor: page1.cursor, limit: 2 });
    expect(page2Again.items.map((item) => item.platformId)).toEqual(page2.items.map((item) => item.platformId));
    expect(page2.items.map((item) => item.platformId)).not.toEqual(page1.items.map((item) => item.platformId));
    expect(page2.done).toBe(false);
  });

  it('reads a client that changed while a sweep was under way, in that sweep or the next', async () => {
    site.simulator.setTime('2026-01-01T10:00:00Z');
    for (let i = 0; i < 4; i++) await addProspect(site, `Mid${i}`);
    const club = site.runtime.clubContext('club-1')!;
    const page1 = await site.runtime.pull!.changes({ club, limit: 2 });
    site.simulator.setTime('2026-01-01T10:30:00Z');
    const newcomer = await addProspect(site, 'Newcomer');
    const rest = await pullUntilDone(site.runtime, club, { cursor: page1.cursor, limit: 2 });
    const next = await pullUntilDone(site.runtime, club, { cursor: rest.cursor, limit: 2 });
    expect([...rest.items, ...next.items].map((item) => item.platformId)).toContain(newcomer);
  });

  it('starts the next sweep at the sweep start minus the overlap when changes are recent', async () => {
    const club = site.runtime.clubContext('club-1')!;
    await addProspect(site, 'Now');
    const startedBefore = Date.now();
    const run = await pullUntilDone(site.runtime, club);
    const since = Date.parse(JSON.parse(run.cursor).since as string);
    expect(since).toBeLessThanOrEqual(Date.now() - PULL_OVERLAP_MS);
    expect(since).toBeGreaterThanOrEqual(startedBefore - PULL_OVERLAP_MS - 60_000);
  });

  it('refuses a cursor it did not write, naming the cursor', async () => {
    await expect(site.runtime.pull!.changes({ club: site.runtime.clubContext('club-1')!, cursor: 'yesterday', limit: 10 })).rejects.toThrow(
      /cursor: not a MINDBODY pull cursor/,
    );
  });

  it('get reads one client, inactive too; an unknown ID is undefined', async () => {
    const id = await addProspect(site, 'Gus');
    site.simulator.sellMembership(id);
    site.simulator.endMembership(id, 'Terminated');
    await expect(site.runtime.pull!.get!(id, site.runtime.clubContext('club-1')!)).resolves.toMatchObject({
      platformId: id,
      person: { firstName: 'Gus', userType: 'MEMBER', userStatus: 'INACTIVE' },
    });
    await expect(site.runtime.pull!.get!('999999999', site.runtime.clubContext('club-1')!)).resolves.toBeUndefined();
  });
});
