import { AuthenticationError, ConfigurationError, PlatformRejectedError } from '@connector/core/plugin';
import { turnUpOnSimulator, turnUpPlugin, type SimulatorRuntime } from '@connector/testing';
import mindbodyPlugin from '@connector/plugin-mindbody';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';
import { CLIENT, fullProspect, writeFor } from './support/mindbody-fixtures';

/** What the simulator served between two readings of `calls()`. */
function served(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) if (count !== (before[key] ?? 0)) out[key] = count - (before[key] ?? 0);
  return out;
}

describe('MINDBODY plugin against the simulated site', () => {
  let simulator: MindbodySimulator;
  let runtime: SimulatorRuntime<typeof mindbodyPlugin>;
  let ownerId: string;

  beforeAll(async () => {
    simulator = await startMindbodySimulator({ referralTypes: ['Friend', 'Website'] });
    ownerId = await simulator.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam.sales@example.com' });
    runtime = turnUpPlugin(mindbodyPlugin, simulator, CLIENT);
  });

  afterAll(async () => {
    await simulator?.close();
  });

  describe('prospects and members', () => {
    it('adds a prospect as a MINDBODY client with every field MINDBODY has', async () => {
      const id = await runtime.prospects!.create!(writeFor(runtime, fullProspect(), { ownerId, leadSourceId: 'Website' }));

      const person = (await simulator.people()).find((p) => p.id === id)!;
      expect(person).toMatchObject({
        type: 'PROSPECT',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@example.com',
        mobile: '555-0101',
        ownerId,
        leadSourceId: 'Website',
        clubId: runtime.turnUp.clubs['club-1'],
      });
      expect(person.raw).toMatchObject({
        Active: true,
        HomePhone: '555-0102',
        WorkPhone: '555-0103',
        AddressLine1: '1 Main Street',
        AddressLine2: 'Apt 4',
        City: 'Springfield',
        State: 'IL',
        PostalCode: '12345',
        Country: 'US',
        Gender: 'Female',
        SalesReps: [{ Id: Number(ownerId), SalesRepNumber: 1, FirstName: 'Sam', LastName: 'Sales' }],
      });
      expect((person.raw as { BirthDate: string }).BirthDate).toMatch(/^1990-02-03T00:00:00/);
      expect((person.raw as { CreationDate: string }).CreationDate).toMatch(/^2024-05-06T07:08:09/);
      // Nowhere to keep them in MINDBODY: not sent at all (README, "Limits").
      expect(JSON.stringify(person.raw)).not.toMatch(/Acme Corp|frontdesk|manager/);
    });

    it('adds a member directly as a client that is not a prospect', async () => {
      const id = await runtime.members!.create!(writeFor(runtime, fullProspect({ firstName: 'Max', email: 'max@example.com', userType: 'MEMBER' })));
      expect((await simulator.people()).find((p) => p.id === id)).toMatchObject({ type: 'MEMBER', firstName: 'Max' });
    });

    it('updates the same client, and moves it to the club it now belongs to', async () => {
      const write = writeFor(runtime, fullProspect({ firstName: 'Una', email: 'una@example.com' }));
      const id = await runtime.prospects!.create!(write);

      const moved = { ...write, club: runtime.clubContext('club-2')!, person: { ...write.person, mobile: '555-0199', city: 'Shelbyville' } };
      await runtime.prospects!.update!(id, moved);

      const person = (await simulator.people()).find((p) => p.id === id)!;
      expect(person).toMatchObject({ mobile: '555-0199', clubId: runtime.turnUp.clubs['club-2'], type: 'PROSPECT' });
      expect(person.raw).toMatchObject({ City: 'Shelbyville' });
    });

    it('converts a prospect by updating the linked client as a member: same client, no second record', async () => {
      expect(mindbodyPlugin.capabilities.conversion).toBe('update');
      const write = writeFor(runtime, fullProspect({ firstName: 'Connie', email: 'connie@example.com' }));
      const id = await runtime.prospects!.create!(write);
      const before = (await simulator.people()).length;

      await runtime.members!.update!(id, { ...write, person: { ...write.person, userType: 'MEMBER' } });

      const people = await simulator.people();
      expect(people).toHaveLength(before);
      expect(people.find((p) => p.id === id)).toMatchObject({ type: 'MEMBER' });
    });

    it('marks an inactive person inactive, and an update keeps it so', async () => {
      const write = writeFor(runtime, fullProspect({ firstName: 'Ina', email: 'ina@example.com', userStatus: 'INACTIVE' }));
      const id = await runtime.prospects!.create!(write);
      await runtime.prospects!.update!(id, { ...write, person: { ...write.person, city: 'Ogdenville' } });
      expect((await simulator.people()).find((p) => p.id === id)?.raw).toMatchObject({ Active: false, City: 'Ogdenville' });
    });

    it("passes on MINDBODY's refusal of a duplicate client as a permanent rejection with its message", async () => {
      const write = writeFor(runtime, fullProspect({ firstName: 'Dee', email: 'dee@example.com' }));
      await runtime.prospects!.create!(write);
      const again = runtime.prospects!.create!(write);
      await expect(again).rejects.toThrow(PlatformRejectedError);
      await expect(again).rejects.toMatchObject({ retryable: false, status: 400, message: expect.stringMatching(/already exists/) });
    });

    it('refuses a club mapped to something that is not a location ID before calling MINDBODY', async () => {
      const before = simulator.calls();
      const odd = { hubClubId: 'club-1', platformClubId: 'downtown', timeZone: 'UTC' };
      await expect(runtime.prospects!.create!({ ...writeFor(runtime, fullProspect()), club: odd })).rejects.toThrow(ConfigurationError);
      expect(served(before, simulator.calls())['people.create']).toBeUndefined();
    });
  });

  describe('staff and lead sources', () => {
    it('lists every staff member of the site with ID and email, page after page', async () => {
      const { simulator: site, runtime: local, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      try {
        for (let i = 0; i < 230; i++) await site.addStaff({ firstName: 'Staff', lastName: `No${i}`, email: `staff${i}@example.com` });
        const staff = await local.staff!.list({ hubClubId: 'club-1', platformClubId: '1', timeZone: 'UTC' });
        expect(staff).toHaveLength(230);
        expect(staff[229]).toEqual({ id: expect.any(String), email: 'staff229@example.com', firstName: 'Staff', lastName: 'No229' });
        expect(site.calls()['staff.list']).toBe(2);
      } finally {
        await close();
      }
    });

    it('lists referral types as lead sources, named by themselves; it cannot create or update them', async () => {
      const sources = await runtime.leadSources!.list(runtime.clubContext('club-1')!);
      expect(sources).toEqual([
        { id: 'Friend', name: 'Friend', active: true },
        { id: 'Website', name: 'Website', active: true },
      ]);
      expect(mindbodyPlugin.capabilities.leadSources).toEqual({ list: true, create: false, update: false });
    });
  });

  describe('find', () => {
    it('finds a client by email and name, ignoring case and spaces', async () => {
      const id = await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Fay', lastName: 'Finder', email: 'fay@example.com' })));
      const query = writeFor(runtime, fullProspect({ firstName: ' fay ', lastName: 'FINDER', email: 'FAY@example.com' }));
      await expect(runtime.find!.find(query)).resolves.toBe(id);
    });

    it('does not take someone else with the same email for the person', async () => {
      await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Pat', lastName: 'Parent', email: 'family@example.com' })));
      const child = writeFor(runtime, fullProspect({ firstName: 'Kim', lastName: 'Parent', email: 'family@example.com' }));
      await expect(runtime.find!.find(child)).resolves.toBeUndefined();
      await expect(runtime.find!.find(writeFor(runtime, fullProspect({ email: 'nobody@example.com' })))).resolves.toBeUndefined();
    });

    it('finds an inactive client without an email, on a later page of the search by last name', async () => {
      const { simulator: site, runtime: local, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      const pat = (i: number) =>
        fullProspect({
          firstName: `Pat${i}`,
          lastName: 'Pager',
          email: undefined,
          mobile: `604-555-${1000 + i}`,
          userStatus: i === 204 ? 'INACTIVE' : 'ACTIVE',
        });
      try {
        for (let i = 0; i < 205; i++) await local.prospects!.create!(writeFor(local, pat(i)));
        const last = (await site.people()).find((p) => p.firstName === 'Pat204')!;
        const before = site.calls();
        await expect(local.find!.find(writeFor(local, pat(204)))).resolves.toBe(last.id);
        expect(served(before, site.calls())['people.search']).toBe(2);
      } finally {
        await close();
      }
    });

    it('finds by first name, last name and email with client/clientduplicates, oldest first, and merges two with client/mergeclients', async () => {
      const older = simulator.addFrontDeskClient({ firstName: 'Gus', lastName: 'Twice', email: 'gus@example.com' }, true);
      const newer = simulator.addFrontDeskClient({ firstName: 'GUS', lastName: 'twice', email: 'Gus@Example.com' }, true);
      const query = writeFor(runtime, fullProspect({ firstName: 'Gus', lastName: 'Twice', email: 'gus@example.com' }));
      await expect(runtime.find!.findAll!(query)).resolves.toEqual([older, newer]);

      await runtime.find!.merge!(older, newer, query);
      await expect(runtime.find!.findAll!(query)).resolves.toEqual([older]);
      expect((await simulator.people()).filter((p) => p.lastName.toLowerCase() === 'twice').map((p) => p.id)).toEqual([older]);
    });

    it('refuses to merge a client that no longer matches the person, naming it', async () => {
      const only = simulator.addFrontDeskClient({ firstName: 'Ola', lastName: 'Once', email: 'ola@example.com' });
      const query = writeFor(runtime, fullProspect({ firstName: 'Ola', lastName: 'Once', email: 'ola@example.com' }));
      await expect(runtime.find!.merge!(only, '999', query)).rejects.toThrow('client 999 is no longer among the clients that match this person: not merged');
    });
  });

  describe('check', () => {
    it('proves the turn-up: staff login accepted, every club a location of the site', async () => {
      await expect(runtime.check.check()).resolves.toEqual({ detail: 'site -99, 2 locations' });
    });

    it('reports a wrong staff password as an authentication failure, without the password', async () => {
      const wrong = turnUpPlugin(mindbodyPlugin, simulator, { ...CLIENT, badCredentials: true });
      const password = wrong.options.staffPassword;
      const error = await wrong.check.check().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ retryable: false, status: 401, message: expect.stringMatching(/usertoken\/issue/) });
      expect((error as Error).message).not.toContain(password);
    });

    it('names a club mapped to a location the site does not have', async () => {
      const clubs = { 'club-1': runtime.turnUp.clubs['club-1'], 'club-2': '999' };
      const failure = turnUpPlugin(mindbodyPlugin, simulator, { ...CLIENT, clubs }).check.check();
      await expect(failure).rejects.toThrow(ConfigurationError);
      await expect(failure).rejects.toThrow(/club club-2 → location "999"/);
    });
  });

  describe('staff user token', () => {
    it('is issued once per turned-up client and reused, also by concurrent calls', async () => {
      const {
        simulator: site,
        runtime: local,
        turnUp,
        close,
      } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator({ referralTypes: ['Friend'] }), CLIENT);
      try {
        const club = local.clubContext('club-1')!;
        await Promise.all([local.staff!.list(club), local.leadSources!.list(club), local.find!.find(writeFor(local, fullProspect()))]);
        await local.prospects!.create!(writeFor(local, fullProspect()));
        expect(site.calls()['token.issue']).toBe(1);
        // Another client's container has a token of its own.
        await turnUp().staff!.list(club);
        expect(site.calls()['token.issue']).toBe(2);
      } finally {
        await close();
      }
    });

    it('is renewed when MINDBODY refuses it (401), and the call goes through', async () => {
      const { simulator: site, runtime: local, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      try {
        await local.find!.find(writeFor(local, fullProspect()));
        site.revokeTokens();
        const before = site.calls();

        const id = await local.prospects!.create!(writeFor(local, fullProspect()));

        expect((await site.people()).map((p) => p.id)).toEqual([id]);
        expect(served(before, site.calls())).toEqual({ 'token.issue': 1, 'people.create': 2 });
      } finally {
        await close();
      }
    });

    it('is renewed before it expires, so no call is refused for an old token', async () => {
      const {
        simulator: site,
        runtime: local,
        close,
      } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator({ tokenLifetimeMs: 30_000 }), CLIENT);
      try {
        const club = local.clubContext('club-1')!;
        await local.staff!.list(club);
        await local.staff!.list(club);
        // A 30 s token is inside the renewal margin: each call takes a fresh one, and none is refused.
        expect(site.calls()).toEqual({ 'token.issue': 2, 'staff.list': 2 });
      } finally {
        await close();
      }
    });

    it('never reaches the logger, nor the API key or the staff password', async () => {
      const { simulator: site, runtime: local, turnUp, log, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      try {
        await local.check.check();
        await local.prospects!.create!(writeFor(local, fullProspect()));
        site.revokeTokens();
        await local.staff!.list(local.clubContext('club-1')!);
        site.failNext(1);
        await local.find!.find(writeFor(local, fullProspect()));
        await turnUp({ badCredentials: true })
          .check.check()
          .catch(() => undefined);

        const text = log.handedText();
        expect(log.calls.length).toBeGreaterThan(0);
        const options = local.options;
        for (const secret of [...site.issuedTokens(), options.apiKey, options.staffPassword]) expect(text).not.toContain(secret);
      } finally {
        await close();
      }
    });
  });

  describe("transient failures, handled by core's transport", () => {
    it('adds the client once when MINDBODY answers 503 first', async () => {
      const { simulator: site, runtime: local, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      try {
        await local.check.check();
        site.failNext(1);
        const id = await local.prospects!.create!(writeFor(local, fullProspect()));
        expect((await site.people()).map((p) => p.id)).toEqual([id]);
        expect(site.calls()['people.create']).toBe(2);
      } finally {
        await close();
      }
    });

    it('waits for Retry-After when MINDBODY answers 429', async () => {
      const { simulator: site, runtime: local, close } = await turnUpOnSimulator(mindbodyPlugin, () => startMindbodySimulator(), CLIENT);
      try {
        await local.check.check();
        site.rateLimitNext(1, 1);
        const started = Date.now();
        await local.members!.create!(writeFor(local, fullProspect({ userType: 'MEMBER' })));
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
        expect(await site.people()).toHaveLength(1);
      } finally {
        await close();
      }
    });
  });
});
