import { setTimeout as sleep } from 'node:timers/promises';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';

/** One call to the simulator with plain fetch, so these tests depend on neither the plugin nor core. */
async function call(
  sim: MindbodySimulator,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string | undefined>; token?: string | null } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const turnUp = sim.turnUp({ hubClubIds: [] }).options;
  const headers: Record<string, string> = { 'Api-Key': turnUp.apiKey, SiteId: turnUp.siteId };
  if (options.token) headers.Authorization = options.token;
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sim.url}/public/v6/${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function issue(sim: MindbodySimulator): Promise<string> {
  const turnUp = sim.turnUp({ hubClubIds: [] }).options;
  const answer = await call(sim, 'POST', 'usertoken/issue', { body: { Username: turnUp.staffUsername, Password: turnUp.staffPassword } });
  expect(answer.status).toBe(200);
  return answer.body.AccessToken;
}

describe('MINDBODY simulator', () => {
  let sim: MindbodySimulator;
  let token: string;
  let location: string;

  beforeEach(async () => {
    sim = await startMindbodySimulator({ referralTypes: ['Friend'] });
    location = sim.turnUp({ hubClubIds: ['club-a'] }).clubs['club-a'];
    token = await issue(sim);
  });
  afterEach(() => sim.close());

  describe('turn-up', () => {
    it('gives a working connection under /public/v6 and maps each hub club to a stable location', () => {
      const first = sim.turnUp({ hubClubIds: ['club-a', 'club-b'] });
      expect(first.connection).toEqual({ scheme: 'http', host: '127.0.0.1', port: Number(new URL(sim.url).port), path: '/public/v6' });
      expect(sim.turnUp({ hubClubIds: ['club-b', 'club-a'] }).clubs).toEqual(first.clubs);
      expect(first.clubs['club-a']).toBe(location);
      expect(sim.turnUp({ hubClubIds: [], badCredentials: true }).options).not.toEqual(first.options);
    });
  });

  describe('authentication', () => {
    it("answers 401 in MINDBODY's error shape without the Api-Key, or with a wrong one", async () => {
      for (const apiKey of [undefined, 'wrong']) {
        const answer = await call(sim, 'GET', 'site/locations', { token, headers: { 'Api-Key': apiKey } });
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ Error: { Code: 'DeniedAccess', Message: expect.stringMatching(/API key/) } });
      }
    });

    it('wants the SiteId header of its own site', async () => {
      expect((await call(sim, 'GET', 'site/locations', { token, headers: { SiteId: undefined } })).status).toBe(400);
      expect((await call(sim, 'GET', 'site/locations', { token, headers: { SiteId: '12345' } })).status).toBe(401);
    });

    it('issues staff tokens only for the right login, and wants one on every other call', async () => {
      const wrong = await call(sim, 'POST', 'usertoken/issue', { body: { Username: 'connector.staff', Password: 'nope' } });
      expect(wrong.status).toBe(401);
      expect((await call(sim, 'GET', 'site/locations')).status).toBe(401);
      expect((await call(sim, 'GET', 'site/locations', { token: 'made-up' })).status).toBe(401);
      expect((await call(sim, 'GET', 'site/locations', { token })).status).toBe(200);
      expect((await call(sim, 'GET', 'site/locations', { token: `Bearer ${token}` })).status).toBe(200);
    });

    it('refuses a revoked or expired token', async () => {
      sim.revokeTokens();
      expect((await call(sim, 'GET', 'site/locations', { token })).status).toBe(401);
      const shortLived = await startMindbodySimulator({ tokenLifetimeMs: 1 });
      try {
        const stale = await issue(shortLived);
        await sleep(5);
        expect((await call(shortLived, 'GET', 'site/locations', { token: stale })).status).toBe(401);
      } finally {
        await shortLived.close();
      }
    });
  });

  describe('clients', () => {
    it('adds a client and answers it with its ID, then updates only the fields sent', async () => {
      const added = await call(sim, 'POST', 'client/addclient', {
        token,
        body: {
          FirstName: 'Ada',
          LastName: 'Lovelace',
          Email: 'ada@example.com',
          IsProspect: true,
          HomeLocation: { Id: Number(location) },
          ReferredBy: 'Friend',
        },
      });
      expect(added.status).toBe(200);
      const id = added.body.Client.Id;
      expect(added.body.Client).toMatchObject({ FirstName: 'Ada', IsProspect: true, Action: 'Added', HomeLocation: { Id: Number(location) } });

      const updated = await call(sim, 'POST', 'client/updateclient', { token, body: { Client: { Id: id, IsProspect: false } } });
      expect(updated.body.Client).toMatchObject({ Id: id, FirstName: 'Ada', IsProspect: false, ReferredBy: 'Friend' });
      expect(await sim.people()).toEqual([expect.objectContaining({ id, type: 'MEMBER', leadSourceId: 'Friend', clubId: location })]);
    });

    it("answers 400 with MINDBODY's error body for what MINDBODY refuses", async () => {
      const refusals: Array<[unknown, RegExp]> = [
        [{ FirstName: 'Ada' }, /LastName/],
        [{ FirstName: 'Ada', LastName: 'L', Email: 'not-an-email' }, /Email/],
        [{ FirstName: 'Ada', LastName: 'L', BirthDate: '03/02/1990' }, /BirthDate/],
        [{ FirstName: 'Ada', LastName: 'L', IsProspect: 'yes' }, /IsProspect/],
        [{ FirstName: 'Ada', LastName: 'L', Nickname: 'Countess' }, /Nickname/],
        [{ FirstName: 'Ada', LastName: 'L', HomeLocation: { Id: 999 } }, /HomeLocation 999/],
        [{ FirstName: 'Ada', LastName: 'L', SalesReps: [{ Id: 424242 }] }, /424242/],
        [{ FirstName: 'Ada', LastName: 'L', ReferredBy: 'Billboard' }, /Billboard/],
      ];
      for (const [body, message] of refusals) {
        const answer = await call(sim, 'POST', 'client/addclient', { token, body });
        expect(answer.status).toBe(400);
        expect(answer.body.Error).toEqual({ Code: expect.any(String), Message: expect.stringMatching(message) });
      }
      expect(await sim.people()).toEqual([]);
    });

    it('refuses a duplicate (same first name, last name and email) and an update of an unknown client', async () => {
      const ada = { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' };
      expect((await call(sim, 'POST', 'client/addclient', { token, body: ada })).status).toBe(200);
      const again = await call(sim, 'POST', 'client/addclient', { token, body: { ...ada, Email: 'ADA@example.com' } });
      expect(again.status).toBe(400);
      expect(again.body.Error.Message).toMatch(/already exists/);
      expect((await call(sim, 'POST', 'client/updateclient', { token, body: { Client: { Id: '999' } } })).status).toBe(404);
    });

    it('answers client/clientduplicates only when first name, last name and email all match (case ignored)', async () => {
      const older = sim.addFrontDeskClient({ firstName: 'Dot', lastName: 'Dupe', email: 'dot@example.com' }, true);
      const newer = sim.addFrontDeskClient({ firstName: 'DOT', lastName: 'dupe', email: 'Dot@Example.com' }, true);
      sim.addFrontDeskClient({ firstName: 'Dot', lastName: 'Other', email: 'dot@example.com' });
      const query = 'request.firstName=dot&request.lastName=DUPE&request.email=dot%40example.com';
      const found = await call(sim, 'GET', `client/clientduplicates?${query}`, { token });
      expect(found.status).toBe(200);
      expect(found.body.ClientDuplicates.map((c: { Id: string }) => c.Id)).toEqual([older, newer]);
      expect(found.body.ClientDuplicates[0]).toEqual({ Id: older, UniqueId: Number(older), FirstName: 'Dot', LastName: 'Dupe', Email: 'dot@example.com' });
      expect(found.body.PaginationResponse).toMatchObject({ TotalResults: 2 });
      const withoutEmail = await call(sim, 'GET', 'client/clientduplicates?request.firstName=Dot&request.lastName=Dupe', { token });
      expect(withoutEmail.body.ClientDuplicates).toEqual([]);
      expect((await call(sim, 'GET', `client/clientduplicates?${query}`)).status).toBe(401);
    });

    it('merges a client into another with client/mergeclients (UniqueIds), and refuses unknown or equal IDs', async () => {
      const target = sim.addFrontDeskClient({ firstName: 'Max', lastName: 'Merge', email: 'max@example.com' }, true);
      const source = sim.addFrontDeskClient({ firstName: 'Max', lastName: 'Merge', email: 'max@example.com', mobile: '604-555-0199' }, true);
      const merged = await call(sim, 'POST', 'client/mergeclients', { token, body: { SourceClientId: Number(source), TargetClientId: Number(target) } });
      expect(merged.status).toBe(200);
      expect(await sim.people()).toEqual([expect.objectContaining({ id: target, mobile: '604-555-0199' })]);
      const again = await call(sim, 'POST', 'client/mergeclients', { token, body: { SourceClientId: Number(source), TargetClientId: Number(target) } });
      expect(again.status).toBe(404);
      expect(again.body.Error.Message).toContain(`SourceClientId: client with UniqueId ${source} was not found`);
      const same = await call(sim, 'POST', 'client/mergeclients', { token, body: { SourceClientId: Number(target), TargetClientId: Number(target) } });
      expect(same.status).toBe(400);
      const text = await call(sim, 'POST', 'client/mergeclients', { token, body: { SourceClientId: source, TargetClientId: Number(target) } });
      expect(text.body.Error.Message).toContain('SourceClientId must be an integer');
    });

    it('searches clients by text, active ones unless asked, in pages', async () => {
      for (const [first, active] of [
        ['Ann', true],
        ['Bob', true],
        ['Cid', false],
      ] as const) {
        await call(sim, 'POST', 'client/addclient', { token, body: { FirstName: first, LastName: 'Smith', Email: `${first}@smith.example`, Active: active } });
      }
      const active = await call(sim, 'GET', 'client/clients?request.searchText=smith', { token });
      expect(active.body.Clients.map((c: { FirstName: string }) => c.FirstName)).toEqual(['Ann', 'Bob']);
      const all = await call(sim, 'GET', 'client/clients?request.searchText=smith&request.includeInactive=true&request.limit=2&request.offset=2', { token });
      expect(all.body).toMatchObject({
        PaginationResponse: { RequestedLimit: 2, RequestedOffset: 2, PageSize: 1, TotalResults: 3 },
        Clients: [{ FirstName: 'Cid' }],
      });
      expect((await call(sim, 'GET', 'client/clients?request.limit=500', { token })).status).toBe(400);
    });
  });

  describe('faults and counts', () => {
    it('fails the next calls with 503, then rate-limits with 429 and Retry-After, in order', async () => {
      sim.failNext(1);
      sim.rateLimitNext(1, 7);
      expect((await call(sim, 'GET', 'staff/staff', { token })).status).toBe(503);
      const limited = await call(sim, 'GET', 'staff/staff', { token });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body.Error.Code).toBe('TooManyRequests');
      expect((await call(sim, 'GET', 'staff/staff', { token })).status).toBe(200);
      expect(sim.calls()).toEqual({ 'token.issue': 1, 'staff.list': 3 });
    });

    it('counts each kind of call under the names the conformance kit reads', async () => {
      await call(sim, 'GET', 'client/clientreferraltypes', { token });
      await call(sim, 'GET', 'client/clients', { token });
      await call(sim, 'GET', 'site/locations', { token });
      await call(sim, 'POST', 'client/addclient', { token, body: { FirstName: 'A', LastName: 'B' } });
      await call(sim, 'POST', 'client/updateclient', { token, body: { Client: { Id: (await sim.people())[0].id } } });
      expect(sim.calls()).toEqual({ 'token.issue': 1, 'leadSources.list': 1, 'people.search': 1, check: 1, 'people.create': 1, 'people.update': 1 });
    });
  });
});
