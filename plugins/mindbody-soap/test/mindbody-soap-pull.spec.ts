import type { ChangesPage, Person } from '@connector/core/plugin';
import { turnUpOnSimulator, type SimulatorRuntime } from '@connector/testing';
import plugin, { SOAP_PULL_OVERLAP_MS, toSiteLocalDateTime } from '@connector/plugin-mindbody-soap';
import { findMindbodySpecs, startMindbodySoapSimulator, type MindbodySoapSimulator } from '@connector/plugin-mindbody-soap/simulator';

const describeWithSpecs = findMindbodySpecs() ? describe : describe.skip;
const CLUBS = ['club-north', 'club-south'];
const ZONE = 'America/New_York';

describeWithSpecs('MINDBODY SOAP pull (GetClients with LastModifiedDate)', () => {
  let sim: MindbodySoapSimulator;
  let runtime: SimulatorRuntime<typeof plugin>;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const made = await turnUpOnSimulator(plugin, () => startMindbodySoapSimulator({ timeZone: ZONE }), { clubIds: CLUBS, timeZone: ZONE });
    ({ simulator: sim, runtime, close } = made);
  });

  afterEach(async () => {
    await close?.();
  });

  const north = () => runtime.clubContext('club-north')!;

  async function add(firstName: string, person: Partial<Person> = {}, club = CLUBS[0]): Promise<string> {
    const write = {
      hubId: '2b0c1b8e-5d1c-4c35-9f3e-5f0d5d1a0001',
      person: {
        firstName,
        lastName: 'Puller',
        email: `${firstName.toLowerCase()}@example.com`,
        userType: 'PROSPECT',
        userStatus: 'ACTIVE',
        ...person,
      } as Person,
      club: runtime.clubContext(club)!,
    };
    return write.person.userType === 'MEMBER' ? runtime.members!.save!(write) : runtime.prospects!.save!(write);
  }

  async function pullAll(cursor?: string, limit = 200): Promise<{ pages: ChangesPage[]; ids: string[]; cursor: string }> {
    const pages: ChangesPage[] = [];
    for (let i = 0; i < 20; i++) {
      const page = await runtime.pull!.changes({ club: north(), cursor, limit });
      pages.push(page);
      cursor = page.cursor;
      if (page.done) return { pages, ids: pages.flatMap((p) => p.items.map((item) => item.platformId)), cursor };
    }
    throw new Error('the pull did not finish in 20 pages');
  }

  const lastModifiedDatesSent = () =>
    sim
      .requests()
      .filter((r) => r.operation === 'GetClients')
      .map((r) => /<(?:\w+:)?LastModifiedDate>([^<]*)</.exec(r.xml)?.[1]);

  const pageSizesSent = () =>
    sim
      .requests()
      .filter((r) => r.operation === 'GetClients')
      .map((r) => /<(?:\w+:)?PageSize>([^<]*)</.exec(r.xml)?.[1]);

  it('maps prospects, members, former members (inactive members) and inactive prospects, with their club', async () => {
    const prospect = await add('Pia', { birthdate: '1990-02-03', gender: 'F', city: 'Springfield' });
    const member = await add('Max', { userType: 'MEMBER' });
    const former = await add('Fay', { userType: 'MEMBER' });
    const inactive = await add('Ina', { userStatus: 'INACTIVE' });
    const elsewhere = await add('Elsa', {}, CLUBS[1]);
    sim.endMembership(former);

    const { pages } = await pullAll(undefined, 1000);
    // 200 clients a page at most, whatever core asks for.
    expect(pageSizesSent()).toEqual(['200']);
    const byId = new Map(pages.flatMap((p) => p.items).map((item) => [item.platformId, item]));
    expect(byId.get(prospect)).toEqual({
      platformId: prospect,
      platformClubId: north().platformClubId,
      person: {
        firstName: 'Pia',
        lastName: 'Puller',
        email: 'pia@example.com',
        userType: 'PROSPECT',
        userStatus: 'ACTIVE',
        birthdate: '1990-02-03',
        gender: 'F',
        city: 'Springfield',
      },
    });
    expect(byId.get(member)?.person).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE' });
    expect(byId.get(former)?.person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(byId.get(inactive)?.person).toMatchObject({ userType: 'PROSPECT', userStatus: 'INACTIVE' });
    expect(byId.has(elsewhere)).toBe(false);
  });

  it('pages with PageSize / CurrentPageIndex through more than a page: each client once, then done', async () => {
    sim.setTime('2020-01-01T15:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await add(`Pg${i}`));
    const run = await pullAll(undefined, 10);
    expect(run.pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect([...run.ids].sort()).toEqual([...ids].sort());
    expect(new Set(run.ids).size).toBe(25);
    expect(pageSizesSent()).toEqual(['10', '10', '10']);
    // The first pull reads everyone: no LastModifiedDate.
    expect(lastModifiedDatesSent()).toEqual([undefined, undefined, undefined]);
  }, 30_000);

  it('resumes from the start of the previous pull minus the overlap, sent in the club’s local time', async () => {
    sim.setTime('2020-01-01T15:00:00Z');
    const old = await add('Old');
    const sold = await add('Sold');
    const before = Date.now();
    const first = await pullAll();
    expect(first.ids).toEqual([old, sold]);
    const cursor = JSON.parse(first.cursor) as { since: string; page: number };
    expect(cursor.page).toBe(0);
    expect(Date.parse(cursor.since)).toBeGreaterThanOrEqual(before - SOAP_PULL_OVERLAP_MS);
    expect(Date.parse(cursor.since)).toBeLessThanOrEqual(Date.now() - SOAP_PULL_OVERLAP_MS);

    // A sale MINDBODY stamped half an hour before that pull started (a late commit, a slow clock): still read.
    sim.setTime(new Date(before - 30 * 60 * 1000).toISOString());
    sim.sellMembership(sold);
    const second = await pullAll(first.cursor);
    expect(second.ids).toEqual([sold]);
    expect(second.pages[0].items[0].person).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE' });
    expect(lastModifiedDatesSent().at(-1)).toBe(toSiteLocalDateTime(Date.parse(cursor.since), ZONE));
  });

  it('re-reads the same page from the same cursor, with the page size the pull started with', async () => {
    for (let i = 0; i < 5; i++) await add(`Re${i}`);
    const page1 = await runtime.pull!.changes({ club: north(), limit: 2 });
    const page2 = await runtime.pull!.changes({ club: north(), cursor: page1.cursor, limit: 2 });
    const again = await runtime.pull!.changes({ club: north(), cursor: page1.cursor, limit: 50 });
    expect(again.items.map((i) => i.platformId)).toEqual(page2.items.map((i) => i.platformId));
    expect(page2.items.map((i) => i.platformId)).not.toEqual(page1.items.map((i) => i.platformId));
    expect(again.done).toBe(false);
  });

  it('get reads one client; an unknown ID is undefined', async () => {
    const id = await add('Gus', { userType: 'MEMBER' });
    sim.endMembership(id);
    await expect(runtime.pull!.get!(id, north())).resolves.toMatchObject({
      platformId: id,
      person: { firstName: 'Gus', userType: 'MEMBER', userStatus: 'INACTIVE' },
    });
    await expect(runtime.pull!.get!('999999999', north())).resolves.toBeUndefined();
  });

  it('refuses a cursor it did not write', async () => {
    await expect(runtime.pull!.changes({ club: north(), cursor: '{"v":2}', limit: 10 })).rejects.toThrow(/cursor: not a MINDBODY SOAP pull cursor/);
  });
});
