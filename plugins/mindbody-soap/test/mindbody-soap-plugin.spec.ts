import type { Person, PersonWrite } from '@connector/core/plugin';
import { turnUpOnSimulator, type SimulatorRuntime } from '@connector/testing';
import plugin, { MindbodySoapApi } from '@connector/plugin-mindbody-soap';
import {
  extractBodyPayload,
  findMindbodySpecs,
  MINDBODY_SPECS_MISSING,
  startMindbodySoapSimulator,
  type MindbodySoapSimulatorOptions,
} from '@connector/plugin-mindbody-soap/simulator';

const specs = findMindbodySpecs();
if (!specs) console.warn(MINDBODY_SPECS_MISSING);
const describeWithSpecs = specs ? describe : describe.skip;

const CLUBS = ['club-north', 'club-south'];

/** A simulator and the plugin turned up on it through core's runtime, with a debug logger kept in memory. */
async function turnUp({ badCredentials, ...simulatorOptions }: MindbodySoapSimulatorOptions & { badCredentials?: boolean } = {}) {
  const made = await turnUpOnSimulator(plugin, () => startMindbodySoapSimulator(simulatorOptions), { clubIds: CLUBS, badCredentials });
  return { sim: made.simulator, runtime: made.runtime, lines: made.log.lines, close: made.close };
}

function write(runtime: SimulatorRuntime, person: Partial<Person>, extra: Partial<PersonWrite> = {}, club = CLUBS[0]): PersonWrite {
  return {
    hubId: '2b0c1b8e-5d1c-4c35-9f3e-5f0d5d1a0001',
    person: { firstName: 'Jane', lastName: 'Prospect', userType: 'PROSPECT', userStatus: 'ACTIVE', ...person } as Person,
    club: runtime.clubContext(club)!,
    ...extra,
  };
}

describeWithSpecs('MINDBODY SOAP plugin against the simulator', () => {
  const open: Array<() => Promise<void>> = [];
  const start = async (options: Parameters<typeof turnUp>[0] = {}) => {
    const made = await turnUp(options);
    open.push(made.close);
    return made;
  };
  afterEach(async () => {
    while (open.length > 0) await open.pop()!();
  });

  it('declares what MINDBODY can do: save both ways, conversion by update, no lead source creation', () => {
    expect(plugin.capabilities).toEqual({
      prospects: 'save',
      members: 'save',
      conversion: 'update',
      staff: true,
      leadSources: { list: true, create: false, update: false },
      find: true,
      merge: false,
      pull: { changes: true, get: true },
      webhooks: false,
      check: true,
    });
    expect(plugin.secretOptions).toEqual(['sourcePassword', 'staffPassword']);
  });

  it('check passes with good credentials and names the site and its required fields', async () => {
    const { runtime } = await start({ requiredClientFields: ['Email', 'BirthDate'] });
    await expect(runtime.check.check()).resolves.toEqual({ detail: 'site -99: credentials accepted; required client fields: Email, BirthDate' });
  });

  it('check fails with AuthenticationError carrying MINDBODY InvalidCredentials message', async () => {
    const { runtime } = await start({ badCredentials: true });
    const error = await runtime.check.check().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTHENTICATION', retryable: false });
    expect((error as Error).message).toBe(
      '[mindbody-soap] MINDBODY GetRequiredClientFields answered InvalidCredentials (101): Invalid SourceCredentials: the source name or password is wrong.',
    );
  });

  it('creates a prospect with every field MINDBODY has, at the club location, and updates the same client', async () => {
    const { sim, runtime } = await start();
    const person: Partial<Person> = {
      firstName: 'Jane',
      lastName: 'Prospect',
      email: 'jane@example.com',
      mobile: '604-555-0101',
      homePhone: '604-555-0102',
      workPhone: '604-555-0103',
      address1: '1 Main St',
      address2: 'Suite 2',
      city: 'Vancouver',
      state: 'BC',
      zipcode: 'V6B 1A1',
      country: 'ca',
      birthdate: '1990-04-05',
      gender: 'F',
      company: 'Not sent',
    };
    const id = await runtime.prospects!.save!(write(runtime, person, {}, CLUBS[1]));
    expect(sim.clients()).toEqual([
      {
        ID: id,
        FirstName: 'Jane',
        LastName: 'Prospect',
        Email: 'jane@example.com',
        MobilePhone: '604-555-0101',
        HomePhone: '604-555-0102',
        WorkPhone: '604-555-0103',
        AddressLine1: '1 Main St',
        AddressLine2: 'Suite 2',
        City: 'Vancouver',
        State: 'BC',
        PostalCode: 'V6B 1A1',
        Country: 'CA',
        BirthDate: '1990-04-05',
        Gender: 'Female',
        Inactive: false,
        IsProspect: true,
        HomeLocationID: 2,
        Reps: [],
      },
    ]);

    const again = await runtime.prospects!.save!(write(runtime, { ...person, lastName: 'Renamed', userStatus: 'INACTIVE' }, {}, CLUBS[1]), id);
    expect(again).toBe(id);
    expect(sim.clients()).toEqual([expect.objectContaining({ ID: id, LastName: 'Renamed', Inactive: true, IsProspect: true })]);
    expect(sim.calls()).toMatchObject({ 'people.create': 1, 'people.update': 1 });
  });

  it('converts a prospect by saving the linked client as a member (IsProspect false), no second client', async () => {
    const { sim, runtime } = await start();
    const id = await runtime.prospects!.save!(write(runtime, { email: 'conv@example.com' }));
    const memberId = await runtime.members!.save!(write(runtime, { email: 'conv@example.com', userType: 'MEMBER' }), id);
    expect(memberId).toBe(id);
    expect(await sim.people()).toEqual([expect.objectContaining({ id, type: 'MEMBER' })]);
  });

  it('lists staff with their email and puts the linked owner in the sales rep slot', async () => {
    const { sim, runtime } = await start();
    const staffId = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam.sales@example.com' });
    const staff = await runtime.staff!.list(runtime.clubContext(CLUBS[0])!);
    expect(staff).toEqual([{ id: staffId, email: 'sam.sales@example.com', firstName: 'Sam', lastName: 'Sales' }]);
    await runtime.prospects!.save!(write(runtime, { email: 'owned@example.com' }, { ownerId: staffId }));
    expect((await sim.people())[0].ownerId).toBe(staffId);
    expect(sim.clients()[0].Reps).toEqual([{ number: 1, staffId }]);
  });

  it('lists referral types as lead sources and sends the chosen one as ReferredBy', async () => {
    const { sim, runtime } = await start({ referralTypes: ['Walk In', 'Friend'] });
    const sources = await runtime.leadSources!.list(runtime.clubContext(CLUBS[0])!);
    expect(sources).toEqual([
      { id: 'Walk In', name: 'Walk In', active: true },
      { id: 'Friend', name: 'Friend', active: true },
    ]);
    await runtime.prospects!.save!(write(runtime, { email: 'ref@example.com' }, { leadSourceId: 'Friend' }));
    expect((await sim.people())[0].leadSourceId).toBe('Friend');
  });

  it('reads a failed client as PlatformRejectedError with MINDBODY message (dead letter), storing nothing', async () => {
    const { sim, runtime } = await start();
    const error = await runtime.prospects!.save!(write(runtime, { email: 'not-an-email' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PlatformRejectedError', retryable: false });
    expect((error as Error).message).toBe(
      "[mindbody-soap] MINDBODY AddOrUpdateClients answered FailedAction (202): 'not-an-email' is not a valid email address.",
    );
    expect(sim.clients()).toEqual([]);
  });

  it("refuses a person without a field the site requires, with MINDBODY's words", async () => {
    const { runtime } = await start({ requiredClientFields: ['Email'] });
    await expect(runtime.prospects!.save!(write(runtime, { mobile: '555' }))).rejects.toThrow('Email is a required field for this site.');
  });

  it('finds a client by email and names, or by mobile without an email, and not a namesake', async () => {
    const { sim, runtime } = await start();
    const byEmail = await runtime.prospects!.save!(write(runtime, { email: 'Find.Me@example.com' }));
    const byMobile = await runtime.prospects!.save!(write(runtime, { firstName: 'Mo', lastName: 'Bile', mobile: '(604) 555-0199' }));
    const club = runtime.clubContext(CLUBS[0])!;
    const query = (person: Partial<Person>) => ({ hubId: 'h', club, person: write(runtime, person).person });
    await expect(runtime.find!.find(query({ email: 'find.me@example.com' }))).resolves.toBe(byEmail);
    await expect(runtime.find!.find(query({ firstName: 'Mo', lastName: 'Bile', mobile: '604-555-0199' }))).resolves.toBe(byMobile);
    await expect(runtime.find!.find(query({ firstName: 'Janet', email: 'find.me@example.com' }))).resolves.toBeUndefined();
    await expect(runtime.find!.find(query({ firstName: 'Mo', lastName: 'Bile' }))).resolves.toBeUndefined();
    expect(sim.calls()['people.search']).toBe(3);
  });

  it('retries a read after a server fault; a write fault goes to the engine as retryable and stores nothing', async () => {
    const { sim, runtime } = await start();
    sim.failNext(1);
    await expect(runtime.leadSources!.list(runtime.clubContext(CLUBS[0])!)).resolves.toEqual([]);
    sim.failNext(1);
    const error = await runtime.prospects!.save!(write(runtime, { email: 'retry@example.com' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(sim.clients()).toEqual([]);
    await runtime.prospects!.save!(write(runtime, { email: 'retry@example.com' }));
    expect(sim.clients()).toHaveLength(1);
  });

  it('sends UserCredentials when a staff login is turned up', async () => {
    const { sim, runtime } = await start({ staffLogin: { username: 'connector.staff', password: 'staff-pw-Xy9' } });
    await runtime.check.check();
    const [request] = sim.requests();
    expect(request.xml).toContain(
      '<UserCredentials><Username>connector.staff</Username><Password>staff-pw-Xy9</Password><SiteIDs><int>-99</int></SiteIDs></UserCredentials>',
    );
  });

  it('sends only requests that validate against the WSDL schemas', async () => {
    const { sim, runtime } = await start({ referralTypes: ['Friend'] });
    const staffId = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@example.com' });
    const club = runtime.clubContext(CLUBS[0])!;
    await runtime.check.check();
    await runtime.staff!.list(club);
    await runtime.leadSources!.list(club);
    const id = await runtime.prospects!.save!(
      write(runtime, { email: 'v@example.com', birthdate: '1980-01-31', gender: 'M' }, { ownerId: staffId, leadSourceId: 'Friend' }),
    );
    await runtime.members!.save!(write(runtime, { email: 'v@example.com', userType: 'MEMBER' }), id);
    await runtime.find!.find({ hubId: 'h', club, person: write(runtime, { email: 'v@example.com' }).person });
    const requests = sim.requests();
    expect(requests.map((r) => r.operation)).toEqual([
      'GetRequiredClientFields',
      'GetStaff',
      'GetClientReferralTypes',
      'AddOrUpdateClients',
      'AddOrUpdateClients',
      'GetClients',
    ]);
    expect(requests.filter((r) => r.problems.length > 0)).toEqual([]);
    // ...and the simulator's answers are valid MINDBODY answers too.
    for (const request of requests) {
      expect(request.answer?.status).toBe(200);
      const answer = extractBodyPayload(request.answer!.xml)!;
      expect(answer.operation).toBe(`${request.operation}Response`);
      await expect(sim.validate(request.service as 'ClientService' | 'StaffService', answer.xml)).resolves.toEqual([]);
    }
  });

  it('keeps the source password out of the logs and out of the last request shown', async () => {
    const { sim, runtime, lines } = await start();
    const password = String(sim.turnUp({ hubClubIds: CLUBS }).options!.sourcePassword);
    await runtime.check.check();
    sim.failNext(3);
    await runtime.prospects!.save!(write(runtime, { email: 'secret@example.com' })).catch(() => undefined);
    expect(lines.some((line) => line.includes('GetRequiredClientFields') && line.includes('[REDACTED]'))).toBe(true);
    expect(lines.join('\n')).not.toContain(password);
    expect(sim.requests()[0].xml).toContain(password);
    const shown = (await runtime.container.resolve(MindbodySoapApi).clientService()).lastRequestXml() ?? '';
    expect(shown).toContain('<SourceCredentials><SourceName>ConnectorSimulator</SourceName><Password>[REDACTED]</Password>');
    expect(shown).not.toContain(password);
  });
});
