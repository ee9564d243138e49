import { KEYS, OPERATORS, basic, eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

interface Entry {
  id: number;
  clubId: string;
  level: string;
  direction: string;
  summary: string;
  person?: string;
  createdAt: string;
  localTime: string;
  timeZone: string;
}

/** Reads "2026-11-27 05:12:03 PST" back to UTC, with the offsets of the zones the test uses. */
function localTimeToUtc(localTime: string): number {
  const [, date, time, zone] = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (\w+)$/.exec(localTime)!;
  const offsets: Record<string, number> = { PST: -8, PDT: -7, EST: -5, EDT: -4 };
  expect(Object.keys(offsets)).toContain(zone);
  return Date.parse(`${date}T${time}Z`) - offsets[zone] * 3600_000;
}

describe('Connector Log API, dead letters, timeline, clients, metrics', () => {
  let f: HubFixture;
  const alice = () => ({ authorization: basic(OPERATORS.alice) });

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const getJson = async (url: string, headers: Record<string, string>) => {
    const res = await f.http.get(url, { headers });
    return { status: res.status, body: JSON.parse(res.data), headers: res.headers };
  };

  it("renders each entry's time in its club's time zone and filters by level", async () => {
    await postXml(f, 'user', userXml({ recordId: 'log-1', clubId: 'club-a1' }));
    await postXml(
      f,
      'user',
      userXml({
        recordId: 'log-2',
        clubId: 'club-a2',
        userInfo: '<firstname>Eve</firstname><lastname>East</lastname><userStatus>ACTIVE</userStatus><userType>MEMBER</userType>',
      }),
    );
    await postXml(
      f,
      'user',
      userXml({ recordId: 'log-3', userInfo: '<firstname>Ray</firstname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>' }),
    );
    await eventually(async () => (await getJson('/api/v1/clients/client-a/log?level=INFO', alice())).body.entries.length >= 2, 'two deliveries logged');

    const all = (await getJson('/api/v1/clients/client-a/log', alice())).body.entries as Entry[];
    for (const entry of all) {
      expect(entry.timeZone).toBe(entry.clubId === 'club-a1' ? 'America/Vancouver' : 'America/New_York');
      expect(localTimeToUtc(entry.localTime)).toBe(Math.floor(Date.parse(entry.createdAt) / 1000) * 1000);
    }
    const errors = (await getJson('/api/v1/clients/client-a/log?level=error', alice())).body.entries as Entry[];
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.every((e) => e.level === 'ERROR')).toBe(true);
    expect(errors.find((e) => e.person === 'Ray')?.summary).toContain('userInfo.lastname: is required');
    const info = (await getJson('/api/v1/clients/client-a/log?level=INFO&club=club-a2', alice())).body.entries as Entry[];
    expect(info).toEqual([expect.objectContaining({ level: 'INFO', direction: 'OUTBOUND', clubId: 'club-a2', person: 'Eve East' })]);
    expect(info[0].summary).toContain('sent to Acme');

    const search = (await getJson('/api/v1/clients/client-a/log?search=eve', alice())).body.entries as Entry[];
    expect(search.length).toBeGreaterThanOrEqual(1);
    const bad = await getJson('/api/v1/clients/client-a/log?level=LOUD', alice());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('level: must be INFO, WARNING, ERROR');
  });

  it('shows operators and providers only their own clients', async () => {
    expect((await getJson('/api/v1/clients/client-b/log', alice())).status).toBe(403);
    expect((await getJson('/api/v1/clients/client-b/log', { authorization: basic(OPERATORS.root) })).status).toBe(200);
    expect((await getJson('/api/v1/clients/client-a/log', f.intouch)).status).toBe(200);
    expect((await getJson('/api/v1/clients/client-a/log', { 'x-api-key': KEYS.crmb })).status).toBe(403);
    const wrongPassword = await getJson('/api/v1/clients/client-a/log', { authorization: basic({ name: 'alice', password: 'guess-guess' }) });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.headers['www-authenticate']).toContain('Basic');

    const clients = await f.http.get('/api/v1/clients', { headers: alice() });
    const body = JSON.parse(clients.data);
    expect(body.items).toEqual([
      {
        id: 'client-a',
        name: 'Alpha Fitness',
        clubs: [
          { id: 'club-a1', name: 'Alpha Downtown', timeZone: 'America/Vancouver' },
          { id: 'club-a2', name: 'Alpha East', timeZone: 'America/New_York' },
        ],
        platforms: [expect.objectContaining({ platform: 'acme', displayName: 'Acme', provider: 'ACME', plugin: '@connector/plugin-acme' })],
      },
    ]);
    // Turn-up options and connections never leave the hub.
    expect(clients.data).not.toContain(f.acme!.apiKey);
    expect(clients.data).not.toContain('connection');
  });

  it('lists a dead letter, lets an operator replay it once Acme is fixed, and shows the whole timeline', async () => {
    f.acme!.failNext(1, 422, { on: 'people.create' });
    const uuid = uuidOf(
      (
        await postXml(
          f,
          'user',
          userXml({
            recordId: 'dlq-1',
            userInfo: '<firstname>Dee</firstname><lastname>Dead</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
          }),
        )
      ).data,
    );
    const dead = await eventually(async () => {
      const items = (await getJson('/api/v1/clients/client-a/dead-letters', alice())).body.items;
      return items.find((d: { recordUuid: string }) => d.recordUuid === uuid);
    }, 'the delivery to become a dead letter');
    expect(dead).toMatchObject({ state: 'dead', platform: 'acme', person: 'Dee Dead', lastError: expect.stringContaining('422') });
    expect((await f.acme!.people()).some((p) => p.lastName === 'Dead')).toBe(false);

    const byProvider = await f.http.post(`/api/v1/dead-letters/${dead.id}/replay`, '', { headers: f.intouch });
    expect(byProvider.status).toBe(403);
    const replay = await f.http.post(`/api/v1/dead-letters/${dead.id}/replay`, undefined, { headers: alice() });
    expect(replay.status).toBe(202);
    const dee = await eventually(async () => (await f.acme!.people()).find((p) => p.lastName === 'Dead'), 'Acme to hold Dee after the replay');
    const again = await f.http.post(`/api/v1/dead-letters/${dead.id}/replay`, undefined, { headers: alice() });
    expect(again.status).toBe(409);

    const timeline = await eventually(async () => {
      const t = (await getJson(`/api/v1/records/${uuid}/timeline`, alice())).body;
      return t.deliveries[0]?.state === 'done' && t;
    }, 'the delivery to be done');
    expect(timeline.record).toMatchObject({ uuid, kind: 'person', provider: 'INTOUCH', recordId: 'dlq-1' });
    expect(timeline.links).toEqual([expect.objectContaining({ platform: 'acme', platformRecordId: dee.id, linkedType: 'PROSPECT', delivered: true })]);
    expect(timeline.deliveries[0]).toMatchObject({ platform: 'acme', state: 'done', attempts: 1 });
    const summaries = timeline.log.map((e: Entry) => e.summary).join('\n');
    expect(summaries).toContain('was not sent to Acme');
    expect(summaries).toContain('replayed by operator alice');
    expect(summaries).toContain('created');
    expect((await getJson(`/api/v1/records/${uuid}/timeline`, { 'x-api-key': KEYS.crmb })).status).toBe(404);
  });

  it('serves /healthz without credentials and /metrics with them', async () => {
    const health = await f.http.get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.data)).toEqual({ status: 'ok', store: { ok: true } });
    expect((await f.http.get('/metrics')).status).toBe(401);
    const metrics = await f.http.get('/metrics', { headers: alice() });
    expect(metrics.status).toBe(200);
    expect(metrics.data).toMatch(/connector_deliveries_total\{platform="acme",outcome="delivered"\} [1-9]/);
    expect(metrics.data).toMatch(/connector_delivery_duration_seconds_count\{platform="acme"\} [1-9]/);
    expect(metrics.data).toMatch(/connector_queue_depth\{state="done"\} [1-9]/);
    expect(metrics.data).toMatch(/connector_http_saves_total\{api="xml",kind="person",result="created"\} [1-9]/);
    expect(metrics.data).toMatch(/connector_http_saves_total\{api="xml",kind="person",result="rejected"\} [1-9]/);
  });

  it('never writes a secret to the log', () => {
    const everything = f.lines.join('\n');
    expect(f.lines.length).toBeGreaterThan(0);
    for (const secret of [KEYS.intouch, KEYS.crmb, OPERATORS.alice.password, OPERATORS.root.password, f.acme!.apiKey]) {
      expect(everything).not.toContain(secret);
    }
  });
});
