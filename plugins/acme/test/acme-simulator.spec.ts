import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';

/** One call to the simulator with plain fetch, so these tests do not depend on the plugin or core. */
async function call(
  sim: AcmeSimulator,
  method: string,
  path: string,
  body?: unknown,
  apiKey: string | null = sim.apiKey,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', externalRef: 'hub-ada' };

describe('Acme simulator', () => {
  let sim: AcmeSimulator;
  let club: string;

  beforeEach(async () => {
    sim = await startAcmeSimulator();
    club = sim.turnUp({ hubClubIds: ['hub-club-a'] }).clubs['hub-club-a'];
  });
  afterEach(() => sim.close());

  describe('turn-up', () => {
    it('maps hub clubs to stable Acme clubs and lists them in the account', async () => {
      const first = sim.turnUp({ hubClubIds: ['hub-club-a', 'hub-club-b'] });
      const again = sim.turnUp({ hubClubIds: ['hub-club-b', 'hub-club-a'] });
      expect(first).toEqual({
        connection: { scheme: 'http', host: '127.0.0.1', port: sim.port },
        clubs: { 'hub-club-a': 'club-1', 'hub-club-b': 'club-2' },
        options: { apiKey: sim.apiKey, webhookSecret: sim.webhookSecret },
      });
      expect(again.clubs).toEqual(first.clubs);
      const account = await call(sim, 'GET', '/v1/account');
      expect(account.status).toBe(200);
      expect(account.body.clubs.map((c: { id: string }) => c.id)).toEqual(['club-1', 'club-2']);
      expect(sim.calls()).toEqual({ check: 1 });
    });

    it('gives a wrong key with badCredentials', () => {
      expect(sim.turnUp({ hubClubIds: ['hub-club-a'], badCredentials: true }).options.apiKey).not.toBe(sim.apiKey);
    });
  });

  describe('auth', () => {
    it('answers 401 with a message without a key or with a wrong one, and serves nothing', async () => {
      const missing = await call(sim, 'GET', '/v1/account', undefined, null);
      const wrong = await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada, 'nope');
      expect(missing).toMatchObject({ status: 401, body: { message: 'the X-Api-Key header is missing' } });
      expect(wrong).toMatchObject({ status: 401, body: { message: 'the API key (X-Api-Key) is not valid' } });
      expect(await sim.people()).toEqual([]);
      expect(sim.calls()).toEqual({});
    });

    it('accepts the key given in options', async () => {
      const custom = await startAcmeSimulator({ apiKey: 'k-123' });
      try {
        expect((await call(custom, 'GET', '/v1/account', undefined, 'k-123')).status).toBe(200);
        expect(custom.turnUp({ hubClubIds: [] }).options.apiKey).toBe('k-123');
      } finally {
        await custom.close();
      }
    });
  });

  describe('validation', () => {
    it.each([
      [{ lastName: 'Lovelace' }, 'firstName is required', 'firstName'],
      [{ firstName: '  ', lastName: 'Lovelace' }, 'firstName is required', 'firstName'],
      [{ firstName: 'Ada', lastName: 'Lovelace', email: 'ada.example.com' }, 'email must look like an email address', 'email'],
      [{ firstName: 'Ada', lastName: 'Lovelace', gender: 'F' }, 'gender must be female or male', 'gender'],
      [{ firstName: 'Ada', lastName: 'Lovelace', birthDate: '10/12/1990' }, 'birthDate must be a date as YYYY-MM-DD', 'birthDate'],
      [{ firstName: 'Ada', lastName: 'Lovelace', address: { country: 'GBR' } }, 'address.country must be a 2-letter ISO country code', 'address.country'],
      [{ firstName: 'Ada', lastName: 'Lovelace', nickname: 'A' }, 'unknown field nickname', 'nickname'],
      [{ firstName: 'Ada', lastName: 'Lovelace', ownerStaffId: 's-404' }, 'ownerStaffId s-404 is not a staff member of club club-1', 'ownerStaffId'],
    ])('rejects %j with 400 naming the field', async (body, message, field) => {
      const answer = await call(sim, 'POST', `/v1/clubs/${club}/prospects`, body);
      expect(answer).toMatchObject({ status: 400, body: { message, field } });
      expect(await sim.people()).toEqual([]);
    });

    it('answers malformed JSON and unknown endpoints with a JSON message', async () => {
      const bad = await fetch(`${sim.url}/v1/clubs/${club}/prospects`, {
        method: 'POST',
        headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
        body: '{"firstName":',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ message: expect.any(String) });
      expect(await call(sim, 'GET', '/v1/nothing')).toMatchObject({ status: 404, body: { message: 'no such endpoint: GET /v1/nothing' } });
    });

    it('answers 404 for an unknown club or person', async () => {
      expect(await call(sim, 'POST', '/v1/clubs/club-9/prospects', ada)).toMatchObject({ status: 404, body: { message: 'club club-9 not found' } });
      expect(await call(sim, 'PUT', '/v1/prospects/p-9', ada)).toMatchObject({ status: 404, body: { message: 'person p-9 not found' } });
    });
  });

  describe('people', () => {
    it('creates, updates, converts (same id) and searches', async () => {
      const created = await call(sim, 'POST', `/v1/clubs/${club}/prospects`, { ...ada, phones: { mobile: '555-0100' } });
      expect(created.status).toBe(201);
      const id = created.body.id;

      const updated = await call(sim, 'PUT', `/v1/prospects/${id}`, { ...ada, lastName: 'King' });
      expect(updated).toMatchObject({ status: 200, body: { id, lastName: 'King', externalRef: 'hub-ada' } });
      expect(updated.body.phones).toBeUndefined(); // PUT replaces: what is left out is cleared

      const wrongKind = await call(sim, 'PUT', `/v1/members/${id}`, ada);
      expect(wrongKind).toMatchObject({ status: 409, body: { message: `person ${id} is a prospect: convert it first with POST /v1/prospects/${id}/convert` } });

      const converted = await call(sim, 'POST', `/v1/prospects/${id}/convert`, { ...ada, lastName: 'King' });
      expect(converted).toMatchObject({ status: 200, body: { id, type: 'member', externalRef: 'hub-ada', memberSince: expect.any(String) } });
      // Converting again is idempotent, so a retry after a lost answer succeeds.
      expect((await call(sim, 'POST', `/v1/prospects/${id}/convert`, { ...ada, lastName: 'King' })).status).toBe(200);
      expect(await call(sim, 'PUT', `/v1/prospects/${id}`, ada)).toMatchObject({ status: 409 });

      expect(await sim.people()).toEqual([expect.objectContaining({ id, type: 'MEMBER', firstName: 'Ada', lastName: 'King', clubId: club })]);

      const byRef = await call(sim, 'GET', `/v1/clubs/${club}/people?externalRef=hub-ada`);
      const byEmail = await call(sim, 'GET', `/v1/clubs/${club}/people?email=ADA@EXAMPLE.COM`);
      const nobody = await call(sim, 'GET', `/v1/clubs/${club}/people?externalRef=hub-other`);
      expect(byRef.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
      expect(byEmail.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
      expect(nobody.body).toEqual({ items: [] });
      expect(await call(sim, 'GET', `/v1/clubs/${club}/people`)).toMatchObject({ status: 400, body: { message: 'give externalRef or email (or both)' } });

      expect(sim.calls()).toEqual({ 'people.create': 1, 'people.update': 3, 'people.convert': 2, 'people.search': 4 });
    });

    it('creates members directly, with owner and lead source of the club', async () => {
      const owner = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
      const source = await sim.addLeadSource('Web');
      const created = await call(sim, 'POST', `/v1/clubs/${club}/members`, { ...ada, ownerStaffId: owner, leadSourceId: source });
      expect(created.status).toBe(201);
      expect(await sim.people()).toEqual([expect.objectContaining({ type: 'MEMBER', ownerId: owner, leadSourceId: source, email: 'ada@example.com' })]);
    });
  });

  describe('staff and lead sources', () => {
    it('lists staff working at the club, with emails', async () => {
      const other = sim.turnUp({ hubClubIds: ['hub-club-b'] }).clubs['hub-club-b'];
      const everywhere = await sim.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
      await sim.addStaff({ firstName: 'Olga', lastName: 'Other', email: 'olga@club.example' }, [other]);
      const answer = await call(sim, 'GET', `/v1/clubs/${club}/staff`);
      expect(answer.body).toEqual({ items: [{ id: everywhere, firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' }] });
      expect(sim.calls()).toEqual({ 'staff.list': 1 });
    });

    it('lists, creates and updates lead sources; names are unique per club', async () => {
      const web = await sim.addLeadSource('Web');
      const created = await call(sim, 'POST', `/v1/clubs/${club}/lead-sources`, { name: 'Walk-in' });
      expect(created).toMatchObject({ status: 201, body: { name: 'Walk-in', active: true, clubId: club } });
      const clash = await call(sim, 'POST', `/v1/clubs/${club}/lead-sources`, { name: ' web ' });
      expect(clash).toMatchObject({ status: 409, body: { message: `a lead source named "Web" already exists (${web})` } });
      expect(await call(sim, 'POST', `/v1/clubs/${club}/lead-sources`, {})).toMatchObject({ status: 400, body: { message: 'name is required' } });
      const renamed = await call(sim, 'PUT', `/v1/lead-sources/${created.body.id}`, { name: 'Walk in', active: false });
      expect(renamed).toMatchObject({ status: 200, body: { name: 'Walk in', active: false } });
      const list = await call(sim, 'GET', `/v1/clubs/${club}/lead-sources`);
      expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['Web', 'Walk in']);
      expect(await sim.leadSources()).toEqual([
        { id: web, name: 'Web' },
        { id: created.body.id, name: 'Walk in' },
      ]);
    });

    it('with deduplicateLeadSources false, creates a second source of the same name, whatever the Idempotency-Key', async () => {
      const lax = await startAcmeSimulator({ deduplicateLeadSources: false });
      try {
        const laxClub = lax.turnUp({ hubClubIds: ['hub-club-a'] }).clubs['hub-club-a'];
        const create = () =>
          fetch(`${lax.url}/v1/clubs/${laxClub}/lead-sources`, {
            method: 'POST',
            headers: { 'x-api-key': lax.apiKey, 'content-type': 'application/json', 'idempotency-key': 'same-key' },
            body: JSON.stringify({ name: 'Radio' }),
          });
        expect([(await create()).status, (await create()).status]).toEqual([201, 201]);
        expect((await lax.leadSources()).map((source) => source.name)).toEqual(['Radio', 'Radio']);
      } finally {
        await lax.close();
      }
    });
  });

  describe('faults', () => {
    it('failNext answers 503 (or the given status) without acting, then recovers', async () => {
      sim.failNext(1);
      sim.failNext(1, 500);
      expect(await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).toMatchObject({ status: 503, body: { message: expect.any(String) } });
      expect((await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).status).toBe(500);
      expect(await sim.people()).toEqual([]);
      expect((await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).status).toBe(201);
      expect(await sim.people()).toHaveLength(1);
      expect(sim.calls()).toEqual({ 'people.create': 1 });
    });

    it('rateLimitNext answers 429 with Retry-After', async () => {
      sim.rateLimitNext(2, 7);
      const first = await call(sim, 'GET', '/v1/account');
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('7');
      expect((await call(sim, 'GET', '/v1/account')).status).toBe(429);
      expect((await call(sim, 'GET', '/v1/account')).status).toBe(200);
    });

    it('delayNext slows the next calls only', async () => {
      sim.delayNext(1, 150);
      const started = Date.now();
      expect((await call(sim, 'GET', '/v1/account')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      const again = Date.now();
      await call(sim, 'GET', '/v1/account');
      expect(Date.now() - again).toBeLessThan(140);
    });

    it('dropNext closes the connection without acting', async () => {
      sim.dropNext(1);
      await expect(call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).rejects.toThrow();
      expect(await sim.people()).toEqual([]);
      expect(sim.calls()).toEqual({});
    });

    it('dropAfterCommitNext performs the write, then closes the connection', async () => {
      sim.dropAfterCommitNext(1);
      await expect(call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).rejects.toThrow();
      expect(await sim.people()).toEqual([expect.objectContaining({ firstName: 'Ada', raw: expect.objectContaining({ externalRef: 'hub-ada' }) })]);
      expect(sim.calls()).toEqual({ 'people.create': 1 });
    });

    it('aims a fault at one kind of call and lets the others through', async () => {
      sim.failNext(1, 503, { on: 'people.create' });
      expect((await call(sim, 'GET', `/v1/clubs/${club}/people?email=ada@example.com`)).status).toBe(200);
      expect((await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).status).toBe(503);
      expect((await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada)).status).toBe(201);
    });
  });

  it('enforces rateLimitPerSecond with 429 and Retry-After, and counts the 429s it answered', async () => {
    const limited = await startAcmeSimulator({ rateLimitPerSecond: 2 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const answer = await call(limited, 'GET', '/v1/account');
        statuses.push(answer.status);
        retryAfter ??= answer.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(retryAfter).toBe('1');
      expect(limited.calls()).toEqual({ check: 2 });
      expect(limited.rateLimited()).toBe(1);
      // A 429 a test asked for is its own: not counted as the rate limit's.
      limited.rateLimitNext(1, 5);
      expect((await call(limited, 'GET', '/v1/account')).status).toBe(429);
      expect(limited.rateLimited()).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('adds latencyMs to every call', async () => {
    const slow = await startAcmeSimulator({ latencyMs: 100 });
    try {
      const started = Date.now();
      await call(slow, 'GET', '/v1/account');
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    } finally {
      await slow.close();
    }
  });

  it('records every request received, refused ones included', async () => {
    await call(sim, 'GET', `/v1/clubs/${club}/people?externalRef=hub-ada`, undefined, null);
    await call(sim, 'POST', `/v1/clubs/${club}/prospects`, ada);
    expect(sim.requests()).toEqual([
      { method: 'GET', path: `/v1/clubs/${club}/people`, query: { externalRef: 'hub-ada' }, body: undefined, key: 'people.search' },
      { method: 'POST', path: `/v1/clubs/${club}/prospects`, query: {}, body: ada, key: 'people.create' },
    ]);
  });

  it('listens on the port asked for, and closes while a call is parked in a delay', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const fixed = await startAcmeSimulator({ port });
    expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
    fixed.delayNext(1, 60_000);
    const parked = call(fixed, 'GET', '/v1/account').catch((error: unknown) => error);
    await sleep(50);
    const started = Date.now();
    await fixed.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await parked;
  });
});
