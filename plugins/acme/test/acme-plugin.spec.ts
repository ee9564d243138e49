import { AuthenticationError, ConfigurationError, NetworkError, PlatformRejectedError, type ClubContext, type Person } from '@connector/core/plugin';
import { turnUpOnSimulator, type SimulatorRuntime, type SimulatorTurnUp } from '@connector/testing';
import acmePlugin from '@connector/plugin-acme';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';

const HUB_CLUBS = ['hub-north', 'hub-south'];
const JANE: Person = {
  firstName: 'Jane',
  lastName: 'Prospect',
  userType: 'PROSPECT',
  userStatus: 'ACTIVE',
  email: 'jane@example.com',
  mobile: '555-010-2000',
  country: 'us',
};

describe('Acme plugin against the Acme simulator', () => {
  let turnedUp: SimulatorTurnUp<typeof acmePlugin, AcmeSimulator>;
  let sim: AcmeSimulator;
  let acme: SimulatorRuntime<typeof acmePlugin>;
  let club: ClubContext;
  const hubId = '5d1f0a4e-2f6b-4a51-9c39-0c8e4a1b2c3d';

  beforeEach(async () => {
    turnedUp = await turnUpOnSimulator(acmePlugin, () => startAcmeSimulator(), { clubIds: HUB_CLUBS });
    sim = turnedUp.simulator;
    acme = turnedUp.runtime;
    club = acme.clubContext('hub-north')!;
  });
  afterEach(() => turnedUp.close());

  it('declares every capability and marks the API key secret', () => {
    expect(acmePlugin.capabilities).toEqual({
      prospects: 'create+update',
      members: 'create+update',
      conversion: 'convertProspect',
      staff: true,
      leadSources: { list: true, create: true, update: true },
      find: true,
      merge: false,
      pull: { changes: true, get: true },
      webhooks: true,
      check: true,
    });
    expect(acmePlugin.secretOptions).toEqual(['apiKey', 'webhookSecret']);
  });

  describe('check', () => {
    it('passes and describes the account', async () => {
      await expect(acme.check.check()).resolves.toEqual({ detail: 'account acct-1 (Acme Fitness (simulated)), 2 club(s)' });
      expect(sim.calls()).toEqual({ check: 1 });
    });

    it('fails with an AuthenticationError that says why, without the key', async () => {
      const bad = turnedUp.turnUp({ badCredentials: true });
      const error = await bad.check.check().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toBe('[acme] GET /v1/account was refused (401): the API key (X-Api-Key) is not valid');
      expect((error as Error).message).not.toContain(bad.options.apiKey);
    });

    it('fails with a ConfigurationError when a mapped club is not in the account', async () => {
      const typo = turnedUp.turnUp({ clubs: { 'hub-north': 'club-1', 'hub-south': 'club-7' } });
      await expect(typo.check.check()).rejects.toThrow(ConfigurationError);
      await expect(typo.check.check()).rejects.toThrow('clubs.hub-south: Acme account acct-1 has no club club-7');
    });
  });

  describe('prospects and members', () => {
    it('creates a prospect with the hub reference, then updates the same record', async () => {
      const id = await acme.prospects!.create!({ hubId, person: JANE, club });
      expect(await sim.people()).toEqual([
        expect.objectContaining({ id, type: 'PROSPECT', firstName: 'Jane', email: 'jane@example.com', mobile: '555-010-2000', clubId: 'club-1' }),
      ]);
      expect(sim.requests()[0]).toMatchObject({
        method: 'POST',
        path: '/v1/clubs/club-1/prospects',
        body: { externalRef: hubId, firstName: 'Jane', status: 'active', address: { country: 'US' } },
      });

      await acme.prospects!.update!(id, { hubId, person: { ...JANE, lastName: 'Renamed', mobile: undefined }, club });
      const [updated] = await sim.people();
      expect(updated).toMatchObject({ id, lastName: 'Renamed' });
      expect(updated.mobile).toBeUndefined();
      expect(sim.calls()).toEqual({ 'people.create': 1, 'people.update': 1 });
    });

    it('creates and updates a member', async () => {
      const max: Person = { firstName: 'Max', lastName: 'Member', userType: 'MEMBER', userStatus: 'ACTIVE', email: 'max@example.com' };
      const id = await acme.members!.create!({ hubId, person: max, club: acme.clubContext('hub-south')! });
      await acme.members!.update!(id, { hubId, person: { ...max, email: 'max.new@example.com', userStatus: 'INACTIVE' }, club });
      expect(await sim.people()).toEqual([
        expect.objectContaining({ id, type: 'MEMBER', email: 'max.new@example.com', clubId: 'club-2', raw: expect.objectContaining({ status: 'inactive' }) }),
      ]);
    });

    it("converts a prospect with Acme's own call, keeping its id and one record", async () => {
      const id = await acme.prospects!.create!({ hubId, person: JANE, club });
      const converted = await acme.members!.convertProspect!(id, { hubId, person: { ...JANE, userType: 'MEMBER' }, club });
      expect(converted).toBe(id);
      expect(await sim.people()).toEqual([expect.objectContaining({ id, type: 'MEMBER' })]);
      expect(sim.calls()).toEqual({ 'people.create': 1, 'people.convert': 1 });
    });

    it('repeats a conversion whose answer was lost, since Acme documents it as idempotent', async () => {
      const id = await acme.prospects!.create!({ hubId, person: JANE, club });
      sim.dropAfterCommitNext(1, { on: 'people.convert' });
      await expect(acme.members!.convertProspect!(id, { hubId, person: JANE, club })).resolves.toBe(id);
      expect(await sim.people()).toEqual([expect.objectContaining({ id, type: 'MEMBER' })]);
      expect(sim.calls()['people.convert']).toBe(2);
    });

    it('sends the owner and lead source core resolved', async () => {
      const ownerId = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
      const leadSourceId = await sim.addLeadSource('Web');
      await acme.prospects!.create!({ hubId, person: JANE, club, ownerId, leadSourceId });
      expect(await sim.people()).toEqual([expect.objectContaining({ ownerId, leadSourceId })]);
    });

    it("surfaces Acme's validation message as a PlatformRejectedError and stores nothing", async () => {
      const error = await acme.prospects!.create!({ hubId, person: { ...JANE, email: 'jane at example' }, club }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformRejectedError);
      expect((error as PlatformRejectedError).retryable).toBe(false);
      expect((error as Error).message).toContain('(400): email must look like an email address');
      expect(await sim.people()).toEqual([]);
    });

    it("gets through a transient 503: core's transport retries it, the plugin does not", async () => {
      sim.failNext(1);
      await acme.prospects!.create!({ hubId, person: JANE, club });
      expect(await sim.people()).toHaveLength(1);
      expect(sim.requests().filter((r) => r.key === 'people.create')).toHaveLength(2);
    });
  });

  describe('find', () => {
    it('finds the record a create made before its answer was lost', async () => {
      sim.dropAfterCommitNext(1, { on: 'people.create' });
      await expect(acme.prospects!.create!({ hubId, person: JANE, club })).rejects.toThrow(NetworkError);
      const [held] = await sim.people();
      // A POST is not repeated by the transport: core asks find before creating again.
      expect(sim.calls()['people.create']).toBe(1);
      await expect(acme.find!.find({ hubId, person: JANE, club })).resolves.toBe(held.id);
    });

    it('falls back to email and name for a person entered in Acme directly', async () => {
      const typedIn = await fetch(`${sim.url}/v1/clubs/club-1/prospects`, {
        method: 'POST',
        headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'jane', lastName: 'PROSPECT', email: 'Jane@Example.com' }),
      }).then((r) => r.json() as Promise<{ id: string }>);
      await expect(acme.find!.find({ hubId, person: JANE, club })).resolves.toBe(typedIn.id);
      await expect(acme.find!.find({ hubId, person: { ...JANE, firstName: 'Janet' }, club })).resolves.toBeUndefined();
      await expect(acme.find!.find({ hubId, person: { ...JANE, email: undefined }, club })).resolves.toBeUndefined();
      await expect(acme.find!.find({ hubId, person: JANE, club: acme.clubContext('hub-south')! })).resolves.toBeUndefined();
    });

    it("does not claim a person who carries another hub record's reference", async () => {
      await acme.prospects!.create!({ hubId: 'other-hub-record', person: JANE, club });
      await expect(acme.find!.find({ hubId, person: JANE, club })).resolves.toBeUndefined();
    });
  });

  describe('staff and lead sources', () => {
    it("lists the club's staff with emails", async () => {
      const sam = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
      await sim.addStaff({ firstName: 'Olga', lastName: 'Other', email: 'olga@club.example' }, ['club-2']);
      await expect(acme.staff!.list(club)).resolves.toEqual([{ id: sam, email: 'sam@club.example', firstName: 'Sam', lastName: 'Sales' }]);
    });

    it('lists, creates and updates lead sources', async () => {
      const web = await sim.addLeadSource('Web');
      const walkIn = await acme.leadSources!.create!({ name: 'Walk-in', active: true }, club);
      await acme.leadSources!.update!(walkIn, { name: 'Walk in', active: false }, club);
      await expect(acme.leadSources!.list(club)).resolves.toEqual([
        { id: web, name: 'Web', active: true },
        { id: walkIn, name: 'Walk in', active: false },
      ]);
      const clash = acme.leadSources!.create!({ name: 'WEB', active: true }, club);
      await expect(clash).rejects.toThrow(PlatformRejectedError);
      await expect(clash).rejects.toThrow(`a lead source named "Web" already exists (${web})`);
      expect(await sim.leadSources()).toHaveLength(2);
    });
  });
});
